using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Inventory;
using BizOSaaS.Commerce.Payments;
using BizOSaaS.Commerce.Validation;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Orders;

/// <summary>
/// An order's life after checkout, each step in one transaction under the order's row lock (then the stock rows', in the
/// same order a checkout takes them): confirm, ship lines from a warehouse (the stock leaves it), cancel (the held stock
/// returns, a pending manual payment is cancelled and what was charged is refunded).
/// </summary>
public sealed class OrderWorkflow(CommerceDb db, OrderPayments payments, TimeProvider clock)
{
    public async Task<StoreOutcome> ConfirmAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.LockOrderAsync(orderId, cancellationToken) is not { } order)
        {
            return new StoreOutcome.NotFound("Order");
        }
        if (order.Status != OrderStatuses.Unconfirmed)
        {
            return new StoreOutcome.Refused("Order not unconfirmed", $"The order is {order.Status.Replace('_', ' ')}; only an unconfirmed order can be confirmed.");
        }
        order.Status = OrderStatuses.Unfulfilled;
        order.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StoreOutcome.Done();
    }

    public async Task<StoreOutcome> FulfillAsync(Guid orderId, FulfillmentRequest request, string actor, CancellationToken cancellationToken)
    {
        var lines = request.Lines ?? [];
        if (lines.Count == 0)
        {
            return new StoreOutcome.Invalid(FieldErrors.Of("lines", "Name at least one order line to ship."));
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.LockOrderAsync(orderId, cancellationToken) is not { } order)
        {
            return new StoreOutcome.NotFound("Order");
        }
        if (order.Status is not (OrderStatuses.Unfulfilled or OrderStatuses.PartiallyFulfilled))
        {
            return new StoreOutcome.Refused("Order cannot ship", $"The order is {order.Status.Replace('_', ' ')}; only a confirmed order that is not fully shipped can ship.");
        }
        if (!await db.Warehouses.AnyAsync(w => w.Id == request.WarehouseId, cancellationToken))
        {
            return new StoreOutcome.Invalid(FieldErrors.Of("warehouseId", "Your tenant has no such warehouse."));
        }
        await db.Entry(order).Collection(o => o.Lines).LoadAsync(cancellationToken);
        var lineIds = order.Lines.Select(l => l.Id).ToList();
        var allocations = await db.Allocations.Where(a => lineIds.Contains(a.OrderLineId) && a.WarehouseId == request.WarehouseId).ToListAsync(cancellationToken);
        var stockIds = allocations.Select(a => a.StockId).Distinct().ToArray();
        var stocks = await db.LockStocksAsync(stockIds, cancellationToken);
        var variants = await db.Variants.Where(v => order.Lines.Select(l => l.VariantId).Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.TrackInventory, cancellationToken);

        var now = clock.GetUtcNow();
        var fulfillment = new Fulfillment { Id = Guid.CreateVersion7(), OrderId = order.Id, WarehouseId = request.WarehouseId!.Value, CreatedAt = now };
        var errors = new FieldErrors();
        foreach (var (requested, index) in lines.Select((l, i) => (l, i)))
        {
            var line = order.Lines.Find(l => l.Id == requested.OrderLineId);
            var quantity = requested.Quantity!.Value;
            if (line is null)
            {
                errors.Add($"lines[{index}].orderLineId", "The order has no such line.");
                continue;
            }
            if (line.QuantityFulfilled + quantity > line.Quantity)
            {
                errors.Add($"lines[{index}].quantity", $"Only {line.Quantity - line.QuantityFulfilled} of {line.Sku} are left to ship.");
                continue;
            }
            if (variants.GetValueOrDefault(line.VariantId, true))
            {
                var allocation = allocations.Find(a => a.OrderLineId == line.Id);
                if (allocation is null || allocation.Quantity < quantity)
                {
                    errors.Add($"lines[{index}].quantity", $"This warehouse holds {allocation?.Quantity ?? 0} of {line.Sku} for the order.");
                    continue;
                }
                var stock = stocks.Single(s => s.Id == allocation.StockId);
                stock.Quantity -= quantity;
                stock.Allocated -= quantity;
                allocation.Quantity -= quantity;
                if (allocation.Quantity == 0)
                {
                    db.Allocations.Remove(allocation);
                }
                db.StockMovements.Add(new StockMovement
                {
                    Id = Guid.CreateVersion7(),
                    VariantId = line.VariantId,
                    WarehouseId = stock.WarehouseId,
                    Change = -quantity,
                    Reason = StockReasons.Fulfillment,
                    OrderId = order.Id,
                    ActorName = actor,
                    OccurredAt = now,
                });
            }
            line.QuantityFulfilled += quantity;
            fulfillment.Lines.Add(new FulfillmentLine { Id = Guid.CreateVersion7(), FulfillmentId = fulfillment.Id, OrderLineId = line.Id, Quantity = quantity });
        }
        if (errors.Any)
        {
            return new StoreOutcome.Invalid(errors);
        }
        db.Fulfillments.Add(fulfillment);
        order.Status = order.Lines.All(l => l.QuantityFulfilled == l.Quantity) ? OrderStatuses.Fulfilled : OrderStatuses.PartiallyFulfilled;
        order.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StoreOutcome.Done();
    }

    public async Task<StoreOutcome> CancelAsync(Guid orderId, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.LockOrderAsync(orderId, cancellationToken) is not { } order)
        {
            return new StoreOutcome.NotFound("Order");
        }
        if (order.Status is not (OrderStatuses.Unconfirmed or OrderStatuses.Unfulfilled))
        {
            return new StoreOutcome.Refused("Order cannot be cancelled", $"The order is {order.Status.Replace('_', ' ')}; only an order with nothing shipped can be cancelled.");
        }
        var now = clock.GetUtcNow();
        await ReleaseAllocationsAsync(order, actor, now, cancellationToken);
        await ReleaseVoucherAsync(order, cancellationToken);
        await payments.SettleCancelledAsync(order, actor, now, cancellationToken);
        order.Status = OrderStatuses.Cancelled;
        order.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StoreOutcome.Done();
    }
    /// <summary>
    /// A shipped order comes back: what each shipment took goes back on its warehouse's shelf (a <c>return</c> movement),
    /// what was still waiting to ship is released, and the order is <c>returned</c>. Money goes back through refunds,
    /// as much as the shop decides.
    /// </summary>
    public async Task<StoreOutcome> ReturnAsync(Guid orderId, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.LockOrderAsync(orderId, cancellationToken) is not { } order)
        {
            return new StoreOutcome.NotFound("Order");
        }
        if (order.Status is not (OrderStatuses.Fulfilled or OrderStatuses.PartiallyFulfilled))
        {
            return new StoreOutcome.Refused("Order cannot be returned", $"The order is {order.Status.Replace('_', ' ')}; only a shipped order can come back (cancel one that has not shipped).");
        }
        var now = clock.GetUtcNow();
        var shipped = await (
            from line in db.FulfillmentLines
            join fulfillment in db.Fulfillments on line.FulfillmentId equals fulfillment.Id
            join orderLine in db.OrderLines on line.OrderLineId equals orderLine.Id
            join variant in db.Variants on orderLine.VariantId equals variant.Id
            where fulfillment.OrderId == order.Id && variant.TrackInventory
            group line by new { orderLine.VariantId, fulfillment.WarehouseId } into g
            select new { g.Key.VariantId, g.Key.WarehouseId, Quantity = g.Sum(l => l.Quantity) }).ToListAsync(cancellationToken);
        var variantIds = shipped.Select(s => s.VariantId).Distinct().ToList();
        var stockIds = await db.Stocks.Where(s => variantIds.Contains(s.VariantId)).Select(s => new { s.Id, s.VariantId, s.WarehouseId }).ToListAsync(cancellationToken);
        var wanted = stockIds.Where(s => shipped.Any(x => x.VariantId == s.VariantId && x.WarehouseId == s.WarehouseId)).Select(s => s.Id);
        // Every stock row this return touches (what comes back and what is released), locked in one ordered statement.
        var lineIds = await db.OrderLines.Where(l => l.OrderId == order.Id).Select(l => l.Id).ToListAsync(cancellationToken);
        var held = await db.Allocations.Where(a => lineIds.Contains(a.OrderLineId)).Select(a => a.StockId).ToListAsync(cancellationToken);
        var stocks = await db.LockStocksAsync(wanted.Concat(held).Distinct().ToArray(), cancellationToken);
        await ReleaseAllocationsAsync(order, actor, now, cancellationToken);
        foreach (var back in shipped)
        {
            if (stocks.FirstOrDefault(s => s.VariantId == back.VariantId && s.WarehouseId == back.WarehouseId) is not { } stock)
            {
                continue;
            }
            stock.Quantity += back.Quantity;
            db.StockMovements.Add(new StockMovement
            {
                Id = Guid.CreateVersion7(),
                VariantId = back.VariantId,
                WarehouseId = back.WarehouseId,
                Change = back.Quantity,
                Reason = StockReasons.Return,
                OrderId = order.Id,
                ActorName = actor,
                OccurredAt = now,
            });
        }
        order.Status = OrderStatuses.Returned;
        order.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StoreOutcome.Done();
    }

    /// <summary>What the order still holds allocated goes back to being available (a <c>release</c> movement each).</summary>
    private async Task ReleaseAllocationsAsync(Order order, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = await db.OrderLines.Where(l => l.OrderId == order.Id).Select(l => l.Id).ToListAsync(cancellationToken);
        var allocations = await db.Allocations.Where(a => ids.Contains(a.OrderLineId)).ToListAsync(cancellationToken);
        var stocks = await db.LockStocksAsync(allocations.Select(a => a.StockId).Distinct().ToArray(), cancellationToken);
        foreach (var allocation in allocations)
        {
            var stock = stocks.Single(s => s.Id == allocation.StockId);
            stock.Allocated -= allocation.Quantity;
            db.Allocations.Remove(allocation);
            db.StockMovements.Add(new StockMovement
            {
                Id = Guid.CreateVersion7(),
                VariantId = stock.VariantId,
                WarehouseId = stock.WarehouseId,
                Change = -allocation.Quantity,
                Reason = StockReasons.Release,
                OrderId = order.Id,
                ActorName = actor,
                OccurredAt = now,
            });
        }
    }

    /// <summary>A cancelled order gives its voucher use back: the voucher's count goes down (after the stock rows, in the
    /// order every writer takes them) and the customer may use a once-per-customer voucher again.</summary>
    private async Task ReleaseVoucherAsync(Order order, CancellationToken cancellationToken)
    {
        foreach (var use in await db.VoucherUses.Where(u => u.OrderId == order.Id).ToListAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlAsync($"UPDATE vouchers SET used = used - 1 WHERE id = {use.VoucherId} AND used > 0", cancellationToken);
            db.VoucherUses.Remove(use);
        }
    }
}

public static class OrderLocks
{
    /// <summary>The order, locked for the rest of the transaction; null when the tenant has none with that id.</summary>
    public static Task<Order?> LockOrderAsync(this CommerceDb db, Guid orderId, CancellationToken cancellationToken) =>
        db.Orders.FromSql($"SELECT *, xmin FROM orders WHERE id = {orderId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
}
