using BizOSaaS.Commerce.Data;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Inventory;

public static class StockLevels
{
    /// <summary>What each variant can still sell across the tenant's warehouses (on hand less allocated).</summary>
    public static async Task<Dictionary<Guid, int>> AvailableAsync(this CommerceDb db, IReadOnlyCollection<Guid> variantIds, CancellationToken cancellationToken) =>
        variantIds.Count == 0
            ? []
            : await db.Stocks.AsNoTracking().Where(s => variantIds.Contains(s.VariantId)).GroupBy(s => s.VariantId)
                .Select(g => new { g.Key, Available = g.Sum(s => s.Quantity - s.Allocated) })
                .ToDictionaryAsync(x => x.Key, x => x.Available, cancellationToken);

    /// <summary>The stock rows, locked for the rest of the transaction in the order every writer of stock takes them
    /// (variant, then warehouse), so two transactions never wait on each other's rows in a cycle.</summary>
    public static async Task<List<Stock>> LockStocksAsync(this CommerceDb db, Guid[] stockIds, CancellationToken cancellationToken) =>
        stockIds.Length == 0 ? [] : await db.Stocks.FromSql($"SELECT * FROM stocks WHERE id = ANY({stockIds}) ORDER BY variant_id, warehouse_id FOR UPDATE").ToListAsync(cancellationToken);
}
