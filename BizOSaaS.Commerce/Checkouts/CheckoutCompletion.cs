using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Inventory;
using BizOSaaS.Commerce.Orders;
using BizOSaaS.Commerce.Validation;
using BizOSaaS.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Checkouts;

/// <summary>
/// Turns a checkout into its order, once, in one transaction: the checkout's row is locked first (a retried or concurrent
/// completion waits, then finds the order and returns it), the store's settings are held shared, then the stock rows of its variants in one ordered statement
/// (concurrent checkouts of the same variant queue there and each sees what the one before it allocated, so stock is
/// never sold twice; what other checkouts have reserved is not theirs to take), then the voucher is claimed by a conditional UPDATE (its usage limit holds under any concurrency).
/// Anything that does not fit rolls the whole transaction back: nothing is written.
/// </summary>
public sealed class CheckoutCompletion(CommerceDb db, TimeProvider clock)
{
    /// <summary>The checkout's order: <paramref name="Created"/> now, or earlier by the completion this one repeats.</summary>
    public sealed record Completed(Guid OrderId, bool Created) : StoreOutcome;

    public async Task<StoreOutcome> CompleteAsync(Guid checkoutId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The row as locked, not as this context remembers it: a checkout the caller has just written is still tracked, and
        // EF would hand back that copy (no order yet) even after a concurrent completion gave it one.
        foreach (var stale in db.ChangeTracker.Entries<Checkout>().Where(e => e.Entity.Id == checkoutId).ToList())
        {
            stale.State = EntityState.Detached;
        }
        foreach (var stale in db.ChangeTracker.Entries<CheckoutLine>().Where(e => e.Entity.CheckoutId == checkoutId).ToList())
        {
            stale.State = EntityState.Detached;
        }
        var checkout = await db.Checkouts.FromSql($"SELECT * FROM checkouts WHERE id = {checkoutId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (checkout is null)
        {
            return new StoreOutcome.NotFound("Checkout");
        }
        if (checkout.OrderId is { } existing)
        {
            return new Completed(existing, Created: false);
        }
        await db.Entry(checkout).Collection(c => c.Lines).LoadAsync(cancellationToken);
        // The store's settings, held shared: a currency change waits until this order is written (StoreApi).
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM store_settings FOR SHARE", cancellationToken);
        var now = clock.GetUtcNow();
        var quote = await CheckoutQuote.PriceAsync(db, checkout, now, cancellationToken);
        if (quote.Missing.Any)
        {
            return new StoreOutcome.Invalid(quote.Missing);
        }
        if (quote.Lines.Select(l => l.Product).FirstOrDefault(p => !p.IsPurchasableAt(now)) is { } notForSale)
        {
            return new StoreOutcome.Refused("Product not for sale", $"{notForSale.Name} is not for sale.");
        }

        var order = new Order
        {
            Id = Guid.CreateVersion7(),
            CheckoutId = checkout.Id,
            Email = checkout.Email!,
            ShippingAddress = checkout.ShippingAddress!,
            ShippingMethodName = quote.ShippingMethod!.Name,
            VoucherCode = quote.Voucher?.Code,
            Currency = quote.Settings.Currency,
            Status = quote.Settings.AutoConfirmOrders ? OrderStatuses.Unfulfilled : OrderStatuses.Unconfirmed,
            Subtotal = quote.Totals.Subtotal,
            Discount = quote.Totals.Discount,
            Shipping = quote.Totals.Shipping,
            Tax = quote.Totals.Tax,
            Total = quote.Totals.Total,
            CreatedAt = now,
            UpdatedAt = now,
        };

        var tracked = quote.Lines.Where(l => l.Variant.TrackInventory).Select(l => l.Variant.Id).Distinct().ToArray();
        var stocks = await db.LockStocksOfVariantsAsync(tracked, cancellationToken);
        // What other buyers' checkouts hold is not for sale to this one (when the store reserves stock).
        var reserving = quote.Settings.StockReservationSeconds > 0;
        var held = reserving ? await db.HeldAsync(tracked, checkout.Id, now, cancellationToken) : [];
        foreach (var (line, variant, product) in quote.Lines)
        {
            var orderLine = new OrderLine
            {
                Id = Guid.CreateVersion7(),
                OrderId = order.Id,
                VariantId = variant.Id,
                ProductId = product.Id,
                ProductName = product.Name,
                VariantName = variant.Name,
                Sku = variant.Sku,
                Quantity = line.Quantity,
                UnitPrice = variant.Price,
                Total = CheckoutPricing.LineTotal(variant.Price, line.Quantity),
            };
            order.Lines.Add(orderLine);
            var left = stocks.Where(s => s.VariantId == variant.Id).Sum(s => s.Available) - held.GetValueOrDefault(variant.Id);
            if (variant.TrackInventory && (left < line.Quantity || !Allocate(orderLine, stocks.Where(s => s.VariantId == variant.Id), order.Id, now)))
            {
                return new StoreOutcome.Refused("Not enough stock", $"Only {Math.Max(0, left)} of {variant.Sku} left; the cart asks for {line.Quantity}.");
            }
        }

        if (quote.Voucher is { } voucher)
        {
            var email = checkout.Email!.ToLowerInvariant();
            if (voucher.OncePerCustomer && await db.VoucherUses.AnyAsync(u => u.VoucherId == voucher.Id && u.CustomerEmail == email && u.OncePerCustomer, cancellationToken))
            {
                return new StoreOutcome.Refused("Voucher already used", $"{checkout.Email} has already used the voucher {voucher.Code}, which is once per customer.");
            }
            var claimed = await db.Database.ExecuteSqlAsync(
                $"UPDATE vouchers SET used = used + 1 WHERE id = {voucher.Id} AND (usage_limit IS NULL OR used < usage_limit)", cancellationToken);
            if (claimed == 0)
            {
                return new StoreOutcome.Refused("Voucher used up", $"The voucher {voucher.Code} has been used as often as it may be.");
            }
            db.VoucherUses.Add(new VoucherUse { Id = Guid.CreateVersion7(), VoucherId = voucher.Id, OrderId = order.Id, CustomerEmail = email, OncePerCustomer = voucher.OncePerCustomer });
        }

        if (reserving)
        {
            await db.StockReservations.Where(r => r.CheckoutId == checkout.Id).ExecuteDeleteAsync(cancellationToken);
        }
        checkout.OrderId = order.Id;
        checkout.UpdatedAt = now;
        db.Orders.Add(order);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            // Only the once-per-customer index can refuse here: the same buyer completing two checkouts at once.
            return new StoreOutcome.Refused("Voucher already used", $"{checkout.Email} has already used the voucher {quote.Voucher?.Code}, which is once per customer.");
        }
        await transaction.CommitAsync(cancellationToken);
        return new Completed(order.Id, Created: true);
    }

    /// <summary>Holds the line's quantity in the warehouses with the most available first; false when they have too little.</summary>
    private bool Allocate(OrderLine line, IEnumerable<Stock> stocks, Guid orderId, DateTimeOffset now)
    {
        var remaining = line.Quantity;
        foreach (var stock in stocks.OrderByDescending(s => s.Available).ThenBy(s => s.WarehouseId))
        {
            var take = Math.Min(remaining, stock.Available);
            if (take <= 0)
            {
                break;
            }
            stock.Allocated += take;
            remaining -= take;
            db.Allocations.Add(new Allocation { Id = Guid.CreateVersion7(), OrderLineId = line.Id, StockId = stock.Id, WarehouseId = stock.WarehouseId, Quantity = take });
            db.StockMovements.Add(new StockMovement
            {
                Id = Guid.CreateVersion7(),
                VariantId = line.VariantId,
                WarehouseId = stock.WarehouseId,
                Change = take,
                Reason = StockReasons.Allocation,
                OrderId = orderId,
                ActorName = "checkout",
                OccurredAt = now,
            });
        }
        return remaining == 0;
    }
}
