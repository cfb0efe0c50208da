using System.Text.Json;

namespace BizOSaaS.Hub.Contracts;

/// <summary>The body of <c>POST /api/brain/hitl/requests</c>.</summary>
/// <param name="Payload">A JSON object of at most 64 KB: the proposal's details, rendered by the UI as metadata.</param>
/// <param name="OriginService">The service-discovery name of the service to tell the outcome (e.g. <c>crm</c>), with <paramref name="CallbackPath"/>.</param>
/// <param name="RequestedByAgent">Services only: the agent that proposes this.</param>
/// <param name="RequestedByUserId">Services only: the person on whose behalf the service asks (who then cannot decide).</param>
/// <param name="IdempotencyKey">Or the <c>Idempotency-Key</c> header: the same key again returns the same request.</param>
public sealed record CreateApprovalRequest(
    [Given] string? Type,
    [OneOf("urgent", "high", "medium", "low")] string? Priority,
    [Text(200, Required = true)] string? Title,
    [Text(2000)] string? Summary,
    JsonElement? Payload,
    string? OriginService,
    string? CallbackPath,
    List<string>? CandidateRoles,
    Guid? AssigneeUserId,
    DateTimeOffset? DueAt,
    DateTimeOffset? ExpiresAt,
    [Text(100)] string? RequestedByAgent,
    Guid? RequestedByUserId,
    string? IdempotencyKey);

/// <summary>The body of approve, reject and request-changes (a comment is required for the last two).</summary>
public sealed record ApprovalDecisionRequest([Text(2000)] string? Comment);

public sealed record ApprovalRequesterResponse(Guid? UserId, string? Email, string? Client, string? Agent);

public sealed record ApprovalResponse(
    Guid Id,
    string Type,
    string Priority,
    string Status,
    string Title,
    string? Summary,
    JsonElement Payload,
    string? OriginService,
    string? CallbackPath,
    ApprovalRequesterResponse RequestedBy,
    IReadOnlyList<string> CandidateRoles,
    Guid? AssigneeUserId,
    string? AssigneeEmail,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? EscalatedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionComment,
    string? IdempotencyKey)
{
    public static JsonElement ParsePayload(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.Clone();
    }
}

public sealed record ApprovalEventResponse(DateTimeOffset OccurredAt, string Kind, string? FromStatus, string ToStatus,
    string? FromPriority, string? ToPriority, string Actor, string? Comment);

/// <summary>Where the callback to the origin stands: attempts so far, and when it was acknowledged.</summary>
public sealed record ApprovalCallbackResponse(string OriginService, string CallbackPath, int Attempts, DateTimeOffset? LastAttemptAt,
    int? LastStatusCode, string? LastError, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt);

public sealed record ApprovalDetailResponse(ApprovalResponse Request, IReadOnlyList<ApprovalEventResponse> History, IReadOnlyList<ApprovalCallbackResponse> Callbacks);

/// <summary>The queue in figures (<c>GET /api/brain/hitl/stats</c>): pending by priority (every priority, 0 included) and by type.</summary>
public sealed record ApprovalStats(IReadOnlyDictionary<string, long> PendingByPriority, IReadOnlyDictionary<string, long> PendingByType,
    long Overdue, long DecidedLast30Days);

/// <summary>One page; <paramref name="NextCursor"/> fetches the next one and is null on the last.</summary>
public sealed record ApprovalPage(IReadOnlyList<ApprovalResponse> Items, string? NextCursor);

/// <summary>What the origin service receives (camelCase JSON), once per outcome, however often it is sent.</summary>
public sealed record ApprovalCallbackBody(Guid RequestId, Guid TenantId, string Type, string Status, string? DecidedBy,
    DateTimeOffset? DecidedAt, string? Comment, string? IdempotencyKey, JsonElement Payload);

/// <summary>A queue change pushed to the tenant's connected people (SignalR method <c>queueChanged</c>).</summary>
public sealed record ApprovalChange(string Kind, Guid RequestId, Guid TenantId, string Type, string Priority, string Status, string? AssigneeEmail, DateTimeOffset At);

public sealed record ApprovalTypeResponse(string Name, string DisplayName, string ExpiryPolicy, double ExpiresAfterHours,
    IReadOnlyList<string> CandidateRoles, bool BuiltIn);

/// <summary>The body of <c>POST /api/brain/hitl/types</c>.</summary>
public sealed record RegisterApprovalTypeRequest(string? Name, string? DisplayName, string? ExpiryPolicy, double? ExpiresAfterHours,
    List<string>? CandidateRoles);

/// <summary>Due times per priority, in minutes after creation.</summary>
public sealed record ApprovalDueMinutes(int? Urgent, int? High, int? Medium, int? Low);

public sealed record ApprovalSettingsResponse(ApprovalDueMinutes DueMinutes, bool IsDefault, DateTimeOffset? ChangedAt, string? ChangedBy);

public sealed record ApprovalSettingsRequest(ApprovalDueMinutes? DueMinutes);
