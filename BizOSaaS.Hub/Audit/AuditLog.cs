using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Audit;

/// <summary>Writes audit events, and reads them across tenants for platform staff, auditing that too.</summary>
public sealed class AuditLog(HubDb db, TenantContext tenants, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>The tenant id under which platform-wide events are kept.</summary>
    public static readonly Guid PlatformTenantId = Guid.Empty;

    /// <summary>Records the event and saves every other pending change of <see cref="HubDb"/> in the same transaction.</summary>
    public async Task RecordAsync(Guid? tenantId, string type, string detail, UserAccount? actor = null, UserAccount? subject = null,
        CancellationToken cancellationToken = default)
    {
        var scopeTenant = tenantId ?? PlatformTenantId;
        db.AuditEvents.Add(new AuditEvent
        {
            Id = Guid.CreateVersion7(),
            TenantId = scopeTenant,
            OccurredAt = clock.GetUtcNow(),
            Type = type,
            ActorUserId = actor?.Id,
            ActorEmail = actor?.Email,
            SubjectUserId = subject?.Id,
            SubjectEmail = subject?.Email,
            Detail = detail,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        });
        using (tenants.Use(scopeTenant))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The explicit cross-tenant path: runs <paramref name="query"/> once per tenant, each time under that
    /// tenant's row-level security (nothing bypasses it), and records who read across tenants and why.
    /// </summary>
    public async Task<List<T>> ReadAcrossTenantsAsync<T>(UserAccount platformAdmin, string purpose, IReadOnlyCollection<Guid> tenantIds,
        Func<HubDb, Task<List<T>>> query, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        foreach (var tenantId in tenantIds)
        {
            using (tenants.Use(tenantId))
            {
                results.AddRange(await query(db));
            }
        }
        await RecordAsync(null, AuditEventTypes.CrossTenantRead, $"{purpose} across {tenantIds.Count} tenant(s)", platformAdmin, cancellationToken: cancellationToken);
        return results;
    }

    /// <summary>Every tenant plus the platform's own events.</summary>
    public async Task<List<Guid>> AllTenantIdsAsync(CancellationToken cancellationToken) =>
        [PlatformTenantId, .. await db.Tenants.AsNoTracking().Select(t => t.Id).ToListAsync(cancellationToken)];
}
