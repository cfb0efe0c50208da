using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Caching;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Scoring;

/// <summary>The current tenant's scoring settings, cached as tenant configuration and invalidated when they change.</summary>
public sealed class ScoringSettingsStore(CrmDb db, TenantCache cache, TenantCrmDefaults defaults)
{
    public static readonly string[] Tags = ["scoring-settings"];

    public async Task<ScoringSettings> GetAsync(CancellationToken cancellationToken)
    {
        await defaults.EnsureAsync(cancellationToken);
        return await cache.GetOrCreateAsync(CacheCategory.TenantConfig, "scoring-settings",
            async token => await db.ScoringSettings.AsNoTracking().FirstAsync(token), Tags, cancellationToken);
    }

    public Task InvalidateAsync(CancellationToken cancellationToken) => cache.InvalidateAsync(Tags, cancellationToken);
}
