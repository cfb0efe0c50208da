using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Platform.Data;

public static class UniqueViolations
{
    /// <summary>Saves, and says whether it did: false when a unique index refused a row another request wrote meanwhile
    /// (checking first cannot close that race); the changes are then dropped.</summary>
    public static async Task<bool> TrySaveUniqueAsync(this DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
