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
    public DateTimeOffset UpdatedAt { get; set; }

    public static StoreSettings Defaults() => new();
}
