using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Payments;

/// <summary>One payment of an order through one method; its amounts are the sums of its <see cref="TransactionEvent"/>s.</summary>
public sealed class PaymentTransaction : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid OrderId { get; set; }
    public required string Method { get; set; }
    public required string Status { get; set; }
    public string? Reference { get; set; }
    /// <summary>What the buyer was asked to pay (a manual method's amount before it arrives).</summary>
    public decimal Requested { get; set; }
    public decimal Charged { get; set; }
    public decimal Refunded { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<TransactionEvent> Events { get; set; } = [];
}

/// <summary>What happened to a transaction (<see cref="TransactionEventKinds"/>), with the amount and who did it.</summary>
public sealed class TransactionEvent : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid TransactionId { get; set; }
    public required string Kind { get; set; }
    public decimal Amount { get; set; }
    public string? Message { get; set; }
    public string? ActorName { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

public static class TransactionEventKinds
{
    public const string Authorize = "authorize";
    public const string Charge = "charge";
    public const string ChargeFailed = "charge_failed";
    public const string Refund = "refund";
    public const string Cancel = "cancel";
}

public static class TransactionStatuses
{
    public const string Pending = "pending";
    public const string Charged = "charged";
    public const string PartiallyRefunded = "partially_refunded";
    public const string Refunded = "refunded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
