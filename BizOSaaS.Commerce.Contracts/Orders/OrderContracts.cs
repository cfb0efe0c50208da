namespace BizOSaaS.Commerce.Contracts;

public sealed record OrderLineResponse(Guid Id, Guid VariantId, string ProductName, string VariantName, string Sku, int Quantity, int QuantityFulfilled,
    decimal UnitPrice, decimal Total);

public sealed record FulfillmentLineResponse(Guid OrderLineId, int Quantity);

public sealed record FulfillmentResponse(Guid Id, Guid WarehouseId, IReadOnlyList<FulfillmentLineResponse> Lines, DateTimeOffset CreatedAt);

public sealed record TransactionEventResponse(string Kind, decimal Amount, string? Message, string? ActorName, DateTimeOffset OccurredAt);

/// <param name="Status">pending (waiting for money a manual method brings), charged, partially_refunded, refunded, failed or cancelled.</param>
public sealed record PaymentTransactionResponse(Guid Id, string Method, string Status, string? Reference, decimal Charged, decimal Refunded,
    IReadOnlyList<TransactionEventResponse> Events, DateTimeOffset CreatedAt);

/// <param name="PaymentStatus">not_charged, partially_charged, fully_charged, partially_refunded or fully_refunded.</param>
/// <param name="Balance">What the buyer still owes: total − charged for a live order (a refund is the shop's choice, not a
/// debt of the buyer's), 0 once cancelled or returned.</param>
public sealed record OrderResponse(Guid Id, long Number, Guid CheckoutId, string Status, string PaymentStatus, string Email, Address ShippingAddress,
    string ShippingMethodName, string? VoucherCode, CheckoutTotals Totals, decimal Charged, decimal Refunded, decimal Balance,
    IReadOnlyList<OrderLineResponse> Lines, IReadOnlyList<FulfillmentResponse> Fulfillments, IReadOnlyList<PaymentTransactionResponse> Payments,
    bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record FulfillmentLineRequest([Given] Guid? OrderLineId, [Between(1, 1_000_000, Required = true)] int? Quantity);

/// <summary>Ships lines of an order from one warehouse: the stock leaves it.</summary>
public sealed record FulfillmentRequest([Given] Guid? WarehouseId, List<FulfillmentLineRequest>? Lines);

/// <param name="Method">test (the development provider), bank_transfer or cash_on_delivery (pending until staff mark them paid).</param>
/// <param name="Amount">What to charge; the order's balance when left out.</param>
/// <param name="TestCard">For the test provider only: a card number; 4000 0000 0000 0002 is declined.</param>
public sealed record PaymentRequest([OneOf(PaymentMethods.Test, PaymentMethods.BankTransfer, PaymentMethods.CashOnDelivery, Required = true)] string? Method,
    [Money] decimal? Amount = null, [Text(30)] string? TestCard = null);

public sealed record RefundRequest([Given, Money] decimal? Amount, [Text(500)] string? Reason = null);

public sealed record RevenueDay(DateOnly Day, long Orders, decimal Revenue);

public sealed record ProductRevenue(Guid ProductId, string ProductName, long Quantity, decimal Revenue);

/// <summary>Live from the orders of the last <see cref="Days"/> days (UTC): net sales are order totals less refunds, cancelled
/// orders left out, in the store's currency; <see cref="ByDay"/> has every day, oldest first; <see cref="DemoOrders"/> of the
/// orders are Development demo data.</summary>
public sealed record RevenueStats(string Currency, int Days, long Orders, long DemoOrders, decimal Revenue, decimal AverageOrderValue, IReadOnlyList<RevenueDay> ByDay,
    IReadOnlyList<ProductRevenue> TopProducts);

public static class OrderStatuses
{
    public const string Unconfirmed = "unconfirmed";
    public const string Unfulfilled = "unfulfilled";
    public const string PartiallyFulfilled = "partially_fulfilled";
    public const string Fulfilled = "fulfilled";
    public const string Cancelled = "cancelled";
    public const string Returned = "returned";
}

public static class PaymentMethods
{
    public const string Test = "test";
    public const string BankTransfer = "bank_transfer";
    public const string CashOnDelivery = "cash_on_delivery";
}
