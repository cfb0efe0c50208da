namespace BizOSaaS.Commerce.Contracts;

/// <summary>A tenant's store: the one currency it sells in, the tax rate added to every order, and whether new orders
/// are confirmed at once (otherwise they wait, unconfirmed, for staff).</summary>
/// <param name="StockReservationSeconds">How long a checkout holds the stock of its lines for its buyer (0: no reservations,
/// stock is taken only when a checkout completes); left out keeps the current value.</param>
public sealed record StoreSettingsRequest([Given, CurrencyCode] string? Currency, [Between(0, 100, Required = true)] decimal? TaxRatePercent, bool? AutoConfirmOrders = null,
    [Between(0, 86_400)] int? StockReservationSeconds = null);

public sealed record StoreSettingsResponse(string Currency, decimal TaxRatePercent, bool AutoConfirmOrders, bool HasOrders, int StockReservationSeconds = 0);
