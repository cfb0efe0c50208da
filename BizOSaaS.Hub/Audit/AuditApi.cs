using System.Security.Claims;
using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Audit;

/// <summary><c>GET /api/brain/audit</c>: tenant admins read their own tenant's log; platform admins read every
/// tenant's (or one), through the audited cross-tenant path.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/brain/audit", GetAudit)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .RequireRateLimiting(RateLimitTiers.Admin)
            .WithTags("Audit")
            .WithName("GetAuditLog")
            .WithSummary("Audit events, newest first. Filters: tenantId (platform admins), type, since, limit (1–500).");
        return app;
    }

    private static async Task<Results<Ok<List<AuditEventResponse>>, ValidationProblem>> GetAudit(
        ClaimsPrincipal user, HubDb db, AuditLog audit, Guid? tenantId, string? type, DateTimeOffset? since, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 500)
        {
            return FieldErrors.Of("limit", "limit must be between 1 and 500.").ToProblem();
        }

        Func<HubDb, Task<List<AuditEventResponse>>> query = tenantDb =>
        {
            var events = tenantDb.AuditEvents.AsNoTracking();
            if (!string.IsNullOrEmpty(type))
            {
                events = events.Where(e => e.Type == type);
            }
            if (since is not null)
            {
                events = events.Where(e => e.OccurredAt >= since);
            }
            return events.OrderByDescending(e => e.OccurredAt).Take(take)
                .Select(e => new AuditEventResponse(e.Id, e.TenantId == AuditLog.PlatformTenantId ? null : e.TenantId, e.OccurredAt, e.Type,
                    e.ActorEmail, e.SubjectEmail, e.Detail, e.IpAddress))
                .ToListAsync(cancellationToken);
        };

        if (!user.IsPlatformAdmin())
        {
            if (tenantId is not null && tenantId != user.TenantId())
            {
                return FieldErrors.Of("tenantId", "You can read your own tenant's audit log only.").ToProblem();
            }
            // Row-level security already scopes this to the caller's tenant.
            return TypedResults.Ok(await query(db));
        }

        var tenants = tenantId is { } one ? [one] : await audit.AllTenantIdsAsync(cancellationToken);
        var caller = await TenantApi.CallerAsync(user, db, cancellationToken);
        var all = await audit.ReadAcrossTenantsAsync(caller, "Audit log", tenants, query, cancellationToken);
        return TypedResults.Ok(all.OrderByDescending(e => e.OccurredAt).Take(take).ToList());
    }
}
