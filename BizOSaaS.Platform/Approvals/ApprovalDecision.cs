using System.Text.Json;
using BizOSaaS.Validation;

namespace BizOSaaS.Platform.Approvals;

/// <summary>What the hub's approval queue sends back when a person decides (or a request expires or is cancelled).</summary>
public sealed record ApprovalDecision(Guid? RequestId, Guid? TenantId, string? Type,
    [OneOf("approved", "rejected", "expired", "cancelled", "changes_requested", Required = true)] string? Status, string? DecidedBy, DateTimeOffset? DecidedAt,
    string? Comment, string? IdempotencyKey, JsonElement? Payload);

public sealed record DecisionReceipt(bool Applied, string Detail);
