using BizOSaaS.Commerce.Data;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Store;

public static class StoreSettingsReader
{
    /// <summary>The tenant's settings, or the defaults when it has never changed them.</summary>
    public static async Task<StoreSettings> StoreSettingsAsync(this CommerceDb db, CancellationToken cancellationToken) =>
        await db.StoreSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? StoreSettings.Defaults();
}
