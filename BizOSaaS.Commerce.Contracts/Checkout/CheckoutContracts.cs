namespace BizOSaaS.Commerce.Contracts;

public sealed record AddressRequest(
    [Text(200, Required = true)] string? Name,
    [Text(200, Required = true)] string? Line1,
    [Text(200)] string? Line2,
    [Text(100, Required = true)] string? City,
    [Text(20, Required = true)] string? PostalCode,
    [Given, Matches("^[A-Za-z]{2}$", ErrorMessage = "{0} must be a two-letter ISO 3166 code, e.g. DE.")] string? Country,
    [PhoneNumber] string? Phone = null);

public sealed record Address(string Name, string Line1, string? Line2, string City, string PostalCode, string Country, string? Phone);

public sealed record CheckoutLineRequest([Given] Guid? VariantId, [Between(1, 1000, Required = true)] int? Quantity);

/// <summary>A cart and what the buyer chose; each PUT replaces all of it, and the totals are computed by the store.</summary>
public sealed record CheckoutRequest(
    [Email(Required = false)] string? Email = null,
    List<CheckoutLineRequest>? Lines = null,
    AddressRequest? ShippingAddress = null,
    Guid? ShippingMethodId = null,
    [Text(50)] string? VoucherCode = null);

public sealed record CheckoutLineResponse(Guid VariantId, Guid ProductId, string ProductName, string VariantName, string Sku, int Quantity, decimal UnitPrice, decimal Total);

/// <summary>The totals, all in the store's currency, rounded to cents (half away from zero): total = subtotal − discount +
/// shipping + tax, tax on the discounted subtotal plus shipping.</summary>
public sealed record CheckoutTotals(decimal Subtotal, decimal Discount, decimal Shipping, decimal Tax, decimal Total, string Currency);

/// <param name="Problems">What stops completion now (no email, a line out of stock, ...), empty when it can complete.</param>
/// <param name="ReservedUntil">Until when the store holds the lines' stock for this checkout (when the store reserves stock).</param>
public sealed record CheckoutResponse(Guid Id, string? Email, IReadOnlyList<CheckoutLineResponse> Lines, Address? ShippingAddress, Guid? ShippingMethodId,
    string? VoucherCode, CheckoutTotals Totals, Guid? OrderId, IReadOnlyList<string> Problems, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ReservedUntil = null);

public sealed record ShippingMethodRequest([Text(100, Required = true)] string? Name, [Given, Money] decimal? Price, bool? IsActive = null);

public sealed record ShippingMethodResponse(Guid Id, string Name, decimal Price, bool IsActive);

/// <param name="Kind">fixed (an amount off) or percentage.</param>
/// <param name="ProductIds">The products the discount applies to; whole order when empty.</param>
/// <param name="UsageLimit">How many orders may use it in all; unlimited when left out.</param>
public sealed record VoucherRequest(
    [Given, Matches("^[A-Za-z0-9_-]{3,50}$", ErrorMessage = "{0} must be 3 to 50 letters, digits, dashes or underscores.")] string? Code,
    [OneOf(VoucherKinds.Fixed, VoucherKinds.Percentage, Required = true)] string? Kind,
    [Given, Money] decimal? Value,
    List<Guid>? ProductIds = null,
    [Between(1, 1_000_000)] int? UsageLimit = null,
    bool? OncePerCustomer = null,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null);

public sealed record VoucherResponse(Guid Id, string Code, string Kind, decimal Value, IReadOnlyList<Guid> ProductIds, int? UsageLimit, bool OncePerCustomer, int Used,
    DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, DateTimeOffset CreatedAt);

public static class VoucherKinds
{
    public const string Fixed = "fixed";
    public const string Percentage = "percentage";
}
