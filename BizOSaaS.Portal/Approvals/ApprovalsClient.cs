using System.Text.Json;
using BizOSaaS.Ui.PlatformApi;

namespace BizOSaaS.Portal.Approvals;

public sealed record RequesterItem(Guid? UserId, string? Email, string? Client, string? Agent)
{
    public string Display => Agent ?? Email ?? Client ?? "unknown";
}

public sealed record ApprovalItem(Guid Id, string Type, string Priority, string Status, string Title, string? Summary, JsonElement Payload,
    string? OriginService, RequesterItem RequestedBy, List<string> CandidateRoles, Guid? AssigneeUserId, string? AssigneeEmail,
    DateTimeOffset CreatedAt, DateTimeOffset DueAt, DateTimeOffset ExpiresAt, DateTimeOffset? EscalatedAt, string? DecidedBy,
    DateTimeOffset? DecidedAt, string? DecisionComment);

public sealed record ApprovalPageResult(List<ApprovalItem> Items, string? NextCursor);

public sealed record ApprovalTypeItem(string Name, string DisplayName, string ExpiryPolicy, double ExpiresAfterHours, List<string> CandidateRoles, bool BuiltIn);

public sealed record ApprovalStatsResult(Dictionary<string, long> PendingByPriority, Dictionary<string, long> PendingByType, long Overdue, long DecidedLast30Days);

/// <summary>The hub's approval queue (<c>/api/brain/hitl/...</c>) as the signed-in person.</summary>
public sealed class ApprovalsClient(PlatformApiClient hub)
{
    public const string Base = "/api/brain/hitl";

    public Task<ApiResult<ApprovalPageResult>> QueueAsync(string? type, string? priority, string? cursor, CancellationToken cancellationToken) =>
        hub.GetAsync<ApprovalPageResult>($"{Base}/queue?limit=50{Query("type", type)}{Query("priority", priority)}{Query("cursor", cursor)}", cancellationToken);

    public Task<ApiResult<ApprovalPageResult>> HistoryAsync(string? type, string? status, string? cursor, CancellationToken cancellationToken) =>
        hub.GetAsync<ApprovalPageResult>($"{Base}/history?limit=50{Query("type", type)}{Query("status", status)}{Query("cursor", cursor)}", cancellationToken);

    public Task<ApiResult<List<ApprovalTypeItem>>> TypesAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<ApprovalTypeItem>>($"{Base}/types", cancellationToken);

    public Task<ApiResult<ApprovalStatsResult>> StatsAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<ApprovalStatsResult>($"{Base}/stats", cancellationToken);

    /// <summary><paramref name="action"/> is approve, reject, request-changes, claim, unclaim or cancel.</summary>
    public Task<ApiResult<ApprovalItem>> ActAsync(Guid id, string action, string? comment, CancellationToken cancellationToken) =>
        hub.SendAsync<ApprovalItem>(HttpMethod.Post, $"{Base}/{action}/{id}", new { comment }, cancellationToken);

    private static string Query(string key, string? value) => string.IsNullOrEmpty(value) ? "" : $"&{key}={Uri.EscapeDataString(value)}";
}
