using BizOSaaS.Commerce.Data;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Inventory;

public static class StockLevels
{
    /// <summary>What each variant can still sell across the tenant's warehouses: on hand, less allocated to orders, less
    /// what unexpired reservations hold (those of <paramref name="forCheckout"/> excepted: its own stock is its own).</summary>
    public static async Task<Dictionary<Guid, int>> AvailableAsync(this CommerceDb db, IReadOnlyCollection<Guid> variantIds, CancellationToken cancellationToken,
        Guid? forCheckout = null)
    {
        if (variantIds.Count == 0)
        {
            return [];
        }
        // One statement: the warehouses' stock less what other checkouts hold (a correlated sum the index on variant serves).
        var holds = db.HoldsOfOthers(forCheckout, DateTimeOffset.UtcNow);
        return await db.Stocks.AsNoTracking().Where(s => variantIds.Contains(s.VariantId)).GroupBy(s => s.VariantId)
            .Select(g => new
            {
                g.Key,
                Available = g.Sum(s => s.Quantity - s.Allocated) - (holds.Where(r => r.VariantId == g.Key).Sum(r => (int?)r.Quantity) ?? 0),
            })
            .ToDictionaryAsync(x => x.Key, x => x.Available, cancellationToken);
    }

    /// <summary>Per variant, what unexpired reservations of checkouts other than <paramref name="exceptCheckout"/> hold.</summary>
    public static async Task<Dictionary<Guid, int>> HeldAsync(this CommerceDb db, IReadOnlyCollection<Guid> variantIds, Guid? exceptCheckout, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        await db.HoldsOfOthers(exceptCheckout, now).Where(r => variantIds.Contains(r.VariantId))
            .GroupBy(r => r.VariantId).Select(g => new { g.Key, Held = g.Sum(r => r.Quantity) })
            .ToDictionaryAsync(x => x.Key, x => x.Held, cancellationToken);

    /// <summary>The reservations that hold stock now: unexpired, of checkouts other than <paramref name="exceptCheckout"/>.</summary>
    private static IQueryable<StockReservation> HoldsOfOthers(this CommerceDb db, Guid? exceptCheckout, DateTimeOffset now) =>
        db.StockReservations.AsNoTracking().Where(r => r.ReservedUntil > now && r.CheckoutId != exceptCheckout);

    /// <summary>The stock rows, locked for the rest of the transaction in the order every writer of stock takes them
    /// (variant, then warehouse), so two transactions never wait on each other's rows in a cycle.</summary>
    public static async Task<List<Stock>> LockStocksAsync(this CommerceDb db, Guid[] stockIds, CancellationToken cancellationToken) =>
        stockIds.Length == 0 ? [] : await db.Stocks.FromSql($"SELECT * FROM stocks WHERE id = ANY({stockIds}) ORDER BY variant_id, warehouse_id FOR UPDATE").ToListAsync(cancellationToken);

    /// <summary>All stock rows of these variants, locked in the same order as <see cref="LockStocksAsync"/>.</summary>
    public static async Task<List<Stock>> LockStocksOfVariantsAsync(this CommerceDb db, Guid[] variantIds, CancellationToken cancellationToken) =>
        variantIds.Length == 0 ? [] : await db.Stocks.FromSql($"SELECT * FROM stocks WHERE variant_id = ANY({variantIds}) ORDER BY variant_id, warehouse_id FOR UPDATE").ToListAsync(cancellationToken);
}
