using System.Text.Json;
using BizOSaaS.Ui.PlatformApi;

namespace BizOSaaS.Portal.Approvals;

/// <summary>How the Portal names who asked for an approval.</summary>
public static class ApprovalRequesterDisplay
{
    extension(ApprovalRequesterResponse requester)
    {
        public string Display => requester.Agent ?? requester.Email ?? requester.Client ?? "unknown";
    }
}

/// <summary>The hub's approval queue (<c>/api/brain/hitl/...</c>) as the signed-in person.</summary>
public sealed class ApprovalsClient(PlatformApiClient hub)
{
    public const string Base = "/api/brain/hitl";

    public Task<ApiResult<ApprovalPage>> QueueAsync(string? type, string? priority, string? cursor, CancellationToken cancellationToken) =>
        hub.GetAsync<ApprovalPage>($"{Base}/queue?limit=50{Query("type", type)}{Query("priority", priority)}{Query("cursor", cursor)}", cancellationToken);

    public Task<ApiResult<ApprovalPage>> HistoryAsync(string? type, string? status, string? cursor, CancellationToken cancellationToken) =>
        hub.GetAsync<ApprovalPage>($"{Base}/history?limit=50{Query("type", type)}{Query("status", status)}{Query("cursor", cursor)}", cancellationToken);

    public Task<ApiResult<List<ApprovalTypeResponse>>> TypesAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<ApprovalTypeResponse>>($"{Base}/types", cancellationToken);

    public Task<ApiResult<ApprovalStats>> StatsAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<ApprovalStats>($"{Base}/stats", cancellationToken);

    /// <summary><paramref name="action"/> is approve, reject, request-changes, claim, unclaim or cancel.</summary>
    public Task<ApiResult<ApprovalResponse>> ActAsync(Guid id, string action, string? comment, CancellationToken cancellationToken) =>
        hub.SendAsync<ApprovalResponse>(HttpMethod.Post, $"{Base}/{action}/{id}", new ApprovalDecisionRequest(comment), cancellationToken);

    private static string Query(string key, string? value) => string.IsNullOrEmpty(value) ? "" : $"&{key}={Uri.EscapeDataString(value)}";
}
