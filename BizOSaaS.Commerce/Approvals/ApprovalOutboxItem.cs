using System.Text.Json;
using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Approvals;

/// <summary>
/// A question for a person, kept until the hub's approval queue has it and then until its decision comes back:
/// written in the same transaction as what raised it (a supplier's risk, a sourcing candidate's score), delivered by
/// <see cref="ApprovalOutboxDelivery"/> with retries, applied once by the decisions endpoint. None is lost while the
/// hub is away.
/// </summary>
public sealed class ApprovalOutboxItem : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary><c>supplier_validation</c> or <c>product_sourcing</c>.</summary>
    public required string Type { get; set; }

    /// <summary>The supplier or the sourcing candidate the question is about.</summary>
    public Guid SubjectId { get; set; }

    /// <summary>The approval queue's idempotency key: the same request is never created twice.</summary>
    public required string IdempotencyKey { get; set; }
    public required string Priority { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public required JsonDocument Payload { get; set; }

    /// <summary><c>pending</c> (not yet accepted by the queue), <c>delivered</c>, or the decision (<c>approved</c>, <c>rejected</c>, …).</summary>
    public string Status { get; set; } = ApprovalOutboxStatuses.Pending;
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

public static class ApprovalOutboxStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Still waiting for a person: the subject gets no second request meanwhile.</summary>
    public static readonly IReadOnlyList<string> Open = [Pending, Delivered, "changes_requested"];

    /// <summary>Decisions that end a request: a later delivery of any decision changes nothing.</summary>
    public static readonly IReadOnlyList<string> Final = ["approved", "rejected", "expired", "cancelled"];
}

/// <summary>A tenant that has raised an approval request here. Holds only the id, so background work (delivery, supplier
/// reviews) finds its tenants without reading across them.</summary>
public sealed class KnownTenant
{
    public Guid TenantId { get; set; }
    public DateTimeOffset Since { get; set; }
}
