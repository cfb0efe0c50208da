using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Suppliers;

/// <summary>A supplier the store buys from, with the documents and delivery record its risk is assessed on. Only an
/// <see cref="SupplierStatuses.Approved"/> supplier's feeds become sourcing candidates.</summary>
public sealed class Supplier : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public required string Country { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public int? OrdersDelivered { get; set; }
    public int? DefectiveOrders { get; set; }
    public int? LateShipments { get; set; }
    public string Status { get; set; } = SupplierStatuses.PendingApproval;
    public string? StatusReason { get; set; }

    /// <summary>The last review's assessment: what the status was decided on.</summary>
    public decimal? RiskScore { get; set; }
    public string RiskLevel { get; set; } = RiskLevels.Unknown;
    public DateTimeOffset? AssessedAt { get; set; }

    /// <summary>The assessment a person or the automatic rule approved: a later review asks again only when the risk got worse.</summary>
    public decimal? ApprovedRiskScore { get; set; }
    public string? ApprovedRiskLevel { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<SupplierDocument> Documents { get; set; } = [];
}

/// <summary>A registration, tax id or certification of a supplier, valid until <see cref="ExpiresOn"/> (inclusive) when set.</summary>
public sealed class SupplierDocument : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SupplierId { get; set; }
    public required string Kind { get; set; }
    public required string Number { get; set; }
    public string? Title { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    public string? Url { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsExpiredOn(DateOnly today) => ExpiresOn is { } expires && expires < today;
}

/// <summary>A unit cost a supplier's feed quoted for one of its SKUs, kept for the price-volatility factor.</summary>
public sealed class SupplierPriceObservation : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SupplierId { get; set; }
    public required string Sku { get; set; }
    public decimal Cost { get; set; }
    public DateTimeOffset ObservedAt { get; set; }
}
