using System.Text.Json;
using BizOSaaS.Commerce.Data;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Store;

public static class StoreSettingsReader
{
    /// <summary>The tenant's settings, or the defaults when it has never changed them.</summary>
    public static async Task<StoreSettings> StoreSettingsAsync(this CommerceDb db, CancellationToken cancellationToken) =>
        await db.StoreSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? StoreSettings.Defaults();

    /// <summary>The tenant's settings row, locked for update in the caller's transaction: the defaults become a row first
    /// (two first writes at once: one inserts, the other finds it). Checkouts completing meanwhile hold it shared, so
    /// nothing changes under an order being written.</summary>
    public static async Task<StoreSettings> LockStoreSettingsAsync(this CommerceDb db, Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var defaults = StoreSettings.Defaults();
        var countryRisk = JsonSerializer.Serialize(defaults.CountryRisk);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO store_settings (tenant_id, currency, tax_rate_percent, auto_confirm_orders, sourcing_threshold, marketplace_fee_percent, country_risk, updated_at)
            VALUES ({tenantId}, {defaults.Currency}, {defaults.TaxRatePercent}, {defaults.AutoConfirmOrders}, {defaults.SourcingThreshold},
                    {defaults.MarketplaceFeePercent}, {countryRisk}::jsonb, {now})
            ON CONFLICT (tenant_id) DO NOTHING
            """, cancellationToken);
        return await db.StoreSettings.FromSql($"SELECT * FROM store_settings FOR UPDATE").SingleAsync(cancellationToken);
    }
}
