using System.Text.Json;
using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Crm.Qualification;

/// <summary>
/// The outbox of lead-qualification approval requests: written in the same transaction as the score that
/// crossed the tenant's high-value threshold, delivered to the hub's approval queue until it accepts it,
/// then updated when the decision comes back. None is lost if the hub is away.
/// </summary>
public sealed class QualificationRequest : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LeadId { get; set; }

    /// <summary>The approval queue's idempotency key: the same request is never created twice.</summary>
    public required string IdempotencyKey { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public required JsonDocument Payload { get; set; }

    /// <summary><c>pending</c> (not yet accepted by the queue), <c>delivered</c>, or the decision (<c>approved</c>, <c>rejected</c>, …).</summary>
    public string Status { get; set; } = QualificationStatuses.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public Guid? ApprovalRequestId { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionComment { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>xmin: two deliveries of the same decision at once cannot both apply it.</summary>
    public uint Version { get; set; }
}

public static class QualificationStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Still waiting for a person: a lead with one of these gets no second request.</summary>
    public static readonly IReadOnlyList<string> Open = [Pending, Delivered, "changes_requested"];
}
