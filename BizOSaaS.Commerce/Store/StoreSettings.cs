using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Store;

/// <summary>A tenant's store settings; a tenant without a row sells in <see cref="DefaultCurrency"/> with no tax.</summary>
public sealed class StoreSettings : ITenantOwned
{
    public const string DefaultCurrency = "USD";

    public Guid TenantId { get; set; }
    public string Currency { get; set; } = DefaultCurrency;
    public decimal TaxRatePercent { get; set; }
    public bool AutoConfirmOrders { get; set; } = true;

    /// <summary>How long a checkout holds its lines' stock (0: not at all; stock is taken when it completes).</summary>
    public int StockReservationSeconds { get; set; }

    /// <summary>Sourcing: a candidate scoring at least this goes to a person for approval.</summary>
    public decimal SourcingThreshold { get; set; } = 70;

    /// <summary>Sourcing: the share of the selling price counted as marketplace or payment fees.</summary>
    public decimal MarketplaceFeePercent { get; set; } = 15;

    /// <summary>Supplier validation: the tenant's own risk rating (0–100) per ISO country code.</summary>
    public Dictionary<string, decimal> CountryRisk { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }

    public static StoreSettings Defaults() => new();
}
