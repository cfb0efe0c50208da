using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Commerce.Data;

public static class UniqueViolations
{
    /// <summary>Saves; when a unique index refuses a row another request wrote meanwhile, the changes are dropped and the
    /// answer says so (checking first cannot close that race).</summary>
    public static async Task<string?> TrySaveUniqueAsync(this CommerceDb db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return "Another record of yours already uses that value; it was written meanwhile.";
        }
    }
}
