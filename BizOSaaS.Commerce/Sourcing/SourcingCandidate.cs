using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Sourcing;

/// <summary>A product a supplier's feed offers, scored for the store. One per supplier SKU: a later feed updates it.
/// Approved by a person, it becomes a draft product (<see cref="ProductId"/>), exactly once.</summary>
public sealed class SourcingCandidate : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SupplierId { get; set; }
    public required string SupplierSku { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public string? Category { get; set; }
    public string? ImageUrl { get; set; }
    public decimal Cost { get; set; }
    public decimal ShippingCost { get; set; }
    public decimal SuggestedPrice { get; set; }
    public required string Currency { get; set; }
    public int? MonthlyDemand { get; set; }
    public int? Competitors { get; set; }
    public decimal Score { get; set; }

    /// <summary>The tenant's threshold when it was scored.</summary>
    public decimal Threshold { get; set; }
    public List<ScoreFactor> Factors { get; set; } = [];
    public string Status { get; set; } = SourcingStatuses.BelowThreshold;
    public Guid? ProductId { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>xmin: a decision and a feed import at once cannot both write it.</summary>
    public uint Version { get; set; }
}
