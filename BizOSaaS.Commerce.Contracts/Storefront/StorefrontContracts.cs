namespace BizOSaaS.Commerce.Contracts;

/// <summary>A variant as shoppers see it: price and what can still be sold, never its cost.</summary>
/// <param name="QuantityAvailable">null when the store does not track its stock (always available).</param>
public sealed record ShopVariant(Guid Id, string Name, string Sku, decimal Price, int? QuantityAvailable, bool InStock);

/// <summary>A published product that can be bought now.</summary>
/// <param name="Attributes">What its product type describes (material, capacity), in the type's order, numbers with their unit.</param>
public sealed record ShopProduct(Guid Id, string Name, string? Description, Guid? CategoryId, string? CategoryName, decimal Price, string Currency,
    IReadOnlyList<string> ImageUrls, IReadOnlyList<ShopVariant> Variants, IReadOnlyList<ShopAttribute>? Attributes = null);

public sealed record ShopAttribute(string Name, string Value);

public sealed record ShopCategory(Guid Id, string Name, string Slug);

public sealed record ShopShippingMethod(Guid Id, string Name, decimal Price, string Currency);

/// <summary>An order placed by a shopper: checkout, completion and payment in one request.</summary>
/// <param name="CheckoutId">Chosen by the storefront when it shows the checkout form: the idempotency key. Sent again (a
/// double click, a retry), it answers with the same order.</param>
/// <param name="PaymentMethod">test (the development card provider), bank_transfer or cash_on_delivery.</param>
/// <param name="TestCard">For the test provider: a card number; 4000 0000 0000 0002 is declined.</param>
public sealed record ShopOrderRequest(
    [Given] Guid? CheckoutId,
    [Email] string? Email,
    List<CheckoutLineRequest>? Lines,
    [Given] AddressRequest? ShippingAddress,
    [Given] Guid? ShippingMethodId,
    [Text(50)] string? VoucherCode = null,
    [OneOf(PaymentMethods.Test, PaymentMethods.BankTransfer, PaymentMethods.CashOnDelivery, Required = true)] string? PaymentMethod = null,
    [Text(30)] string? TestCard = null);

public sealed record ShopOrderLine(string ProductName, string VariantName, int Quantity, int QuantityShipped, decimal UnitPrice, decimal Total);

/// <summary>What a shopper sees of an order, reached by its link (<paramref name="AccessKey"/>): never the store's
/// other orders, costs or staff names.</summary>
/// <param name="PaymentStatus">paid, pending (bank transfer or cash on delivery), partially_refunded, refunded, cancelled or failed.</param>
public sealed record ShopOrder(Guid Id, long Number, string Status, string PaymentStatus, string Email, Address ShippingAddress, string ShippingMethodName,
    IReadOnlyList<ShopOrderLine> Lines, CheckoutTotals Totals, decimal Paid, decimal Balance, string AccessKey, DateTimeOffset CreatedAt);
