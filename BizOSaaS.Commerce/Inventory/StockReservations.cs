using BizOSaaS.Commerce.Checkouts;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Validation;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Inventory;

/// <summary>
/// Reservations: while a store reserves (<c>StockReservationSeconds</c> &gt; 0), every write of a checkout holds its lines'
/// stock for that long, so what the buyer sees in the cart is still there when they pay. Written under the same ordered
/// stock-row locks as allocation, so a reservation never promises stock another checkout holds or an order took; a
/// completing checkout counts what other checkouts hold as taken. Expired reservations count for nothing.
/// </summary>
public static class StockReservations
{
    /// <summary>Replaces the checkout's reservations with its current lines, held for <paramref name="seconds"/>; null when
    /// all are held, the refusal naming the first line there is not enough for otherwise. Runs in the caller's transaction.</summary>
    public static async Task<StoreOutcome?> ReserveAsync(this CommerceDb db, Checkout checkout, int seconds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (seconds <= 0)
        {
            await db.StockReservations.Where(r => r.CheckoutId == checkout.Id).ExecuteDeleteAsync(cancellationToken);
            return null;
        }
        var lineVariants = checkout.Lines.Select(l => l.VariantId).ToList();
        var tracked = await db.Variants.AsNoTracking().Where(v => lineVariants.Contains(v.Id) && v.TrackInventory)
            .ToDictionaryAsync(v => v.Id, v => v.Sku, cancellationToken);
        var variantIds = tracked.Keys.Order().ToArray();
        var stocks = await db.LockStocksOfVariantsAsync(variantIds, cancellationToken);
        await db.StockReservations.Where(r => r.CheckoutId == checkout.Id || (variantIds.Contains(r.VariantId) && r.ReservedUntil <= now))
            .ExecuteDeleteAsync(cancellationToken);
        var held = await db.HeldAsync(variantIds, checkout.Id, now, cancellationToken);
        foreach (var line in checkout.Lines.Where(l => tracked.ContainsKey(l.VariantId)))
        {
            var free = stocks.Where(s => s.VariantId == line.VariantId).Sum(s => s.Available) - held.GetValueOrDefault(line.VariantId);
            if (free < line.Quantity)
            {
                return new StoreOutcome.Refused("Not enough stock", $"Only {Math.Max(0, free)} of {tracked[line.VariantId]} can be reserved; the cart asks for {line.Quantity}.");
            }
            db.StockReservations.Add(new StockReservation
            {
                Id = Guid.CreateVersion7(),
                CheckoutId = checkout.Id,
                VariantId = line.VariantId,
                Quantity = line.Quantity,
                ReservedUntil = now.AddSeconds(seconds),
            });
        }
        return null;
    }

    /// <summary>Until when the checkout's stock is held, or null when nothing is.</summary>
    public static async Task<DateTimeOffset?> ReservedUntilAsync(this CommerceDb db, Guid checkoutId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.StockReservations.AsNoTracking().Where(r => r.CheckoutId == checkoutId && r.ReservedUntil > now)
            .MinAsync(r => (DateTimeOffset?)r.ReservedUntil, cancellationToken);
}
