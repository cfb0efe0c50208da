namespace BizOSaaS.Commerce.Contracts;

/// <summary>A tenant's store: the one currency it sells in, the tax rate added to every order, and whether new orders
/// are confirmed at once (otherwise they wait, unconfirmed, for staff).</summary>
public sealed record StoreSettingsRequest([Given, CurrencyCode] string? Currency, [Between(0, 100, Required = true)] decimal? TaxRatePercent, bool? AutoConfirmOrders = null);

public sealed record StoreSettingsResponse(string Currency, decimal TaxRatePercent, bool AutoConfirmOrders, bool HasOrders);
