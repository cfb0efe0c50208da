using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Payments;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Orders;

/// <summary>Orders as the API shows them: with lines, fulfillments and payments, and the payment status their amounts give.</summary>
public static class OrderReader
{
    public static async Task<OrderResponse?> OrderResponseAsync(this CommerceDb db, Guid id, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Fulfillments).ThenInclude(f => f.Lines).AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null)
        {
            return null;
        }
        var payments = await db.PaymentTransactions.AsNoTracking().Include(t => t.Events).Where(t => t.OrderId == id).OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
        return From(order, payments);
    }

    public static OrderResponse From(Order o, IReadOnlyList<PaymentTransaction> payments) => new(
        o.Id, o.Number, o.CheckoutId, o.Status, PaymentStatus(o), o.Email, o.ShippingAddress, o.ShippingMethodName, o.VoucherCode,
        new CheckoutTotals(o.Subtotal, o.Discount, o.Shipping, o.Tax, o.Total, o.Currency), o.Charged, o.Refunded, Balance(o),
        o.Lines.OrderBy(l => l.Id).Select(l => new OrderLineResponse(l.Id, l.VariantId, l.ProductName, l.VariantName, l.Sku, l.Quantity, l.QuantityFulfilled, l.UnitPrice, l.Total)).ToList(),
        o.Fulfillments.OrderBy(f => f.CreatedAt).Select(f => new FulfillmentResponse(f.Id, f.WarehouseId, f.Lines.Select(l => new FulfillmentLineResponse(l.OrderLineId, l.Quantity)).ToList(), f.CreatedAt)).ToList(),
        payments.Select(t => new PaymentTransactionResponse(t.Id, t.Method, t.Status, t.Reference, t.Charged, t.Refunded,
            t.Events.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Select(e => new TransactionEventResponse(e.Kind, e.Amount, e.Message, e.ActorName, e.OccurredAt)).ToList(), t.CreatedAt)).ToList(),
        o.IsDemo, o.CreatedAt, o.UpdatedAt);

    /// <summary>What the buyer still owes: the total not charged yet. A refund is money the shop chose to give back, not a
    /// debt of the buyer's; a cancelled or returned order owes nothing.</summary>
    public static decimal Balance(Order o) => o.Status is OrderStatuses.Cancelled or OrderStatuses.Returned ? 0m : Math.Max(0m, o.Total - o.Charged);

    public static string PaymentStatus(Order o) =>
        o.Refunded > 0 && o.Refunded == o.Charged ? "fully_refunded"
        : o.Refunded > 0 ? "partially_refunded"
        : o.Charged == 0 ? "not_charged"
        : o.Charged >= o.Total ? "fully_charged"
        : "partially_charged";
}
