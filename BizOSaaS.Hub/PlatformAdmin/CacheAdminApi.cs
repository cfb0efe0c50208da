using System.Security.Claims;
using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace BizOSaaS.Hub.PlatformAdmin;

public sealed record CacheServiceCounts(string Service, long Hits, long Misses, long Bypasses);

public sealed record CacheCategoryStats(
    string Category, int LifetimeSeconds, long Hits, long Misses, long Bypasses, double? HitRate, IReadOnlyList<CacheServiceCounts> Services);

public sealed record CacheStatsResponse(long Hits, long Misses, long Bypasses, double? HitRate, IReadOnlyList<CacheCategoryStats> Categories);

public sealed record CacheDroppedResponse(Guid TenantId, string TenantName, string? Category);

/// <summary>
/// The platform cache for platform admins: <c>GET /api/brain/admin/cache/stats</c> (hits, misses and
/// bypasses per category, summed over every service and replica, published every few seconds) and
/// <c>DELETE /api/brain/admin/cache/{tenantId}?category=</c> (drops a tenant's cache, or one category of it,
/// on every replica at once; audited).
/// </summary>
public static class CacheAdminApi
{
    public static IEndpointRouteBuilder MapCacheAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/brain/admin/cache").WithTags("Platform")
            .RequireAuthorization(PlatformPolicies.PlatformAdmin)
            .RequireRateLimiting(RateLimitTiers.Admin);
        api.MapGet("/stats", GetStats).WithSummary("Cache hits, misses and bypasses per category, over every service and replica.");
        api.MapDelete("/{tenantId:guid}", DropTenantCache).WithSummary("Drops a tenant's cache, or one category of it (?category=), everywhere.");
        return app;
    }

    private static async Task<Results<Ok<CacheStatsResponse>, ProblemHttpResult>> GetStats(IConnectionMultiplexer redis)
    {
        IReadOnlyList<CacheCounts> counts;
        try
        {
            counts = await CacheStatistics.ReadPublishedAsync(redis);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return RedisUnavailable();
        }
        var categories = CacheCategory.All.Select(category =>
        {
            var rows = counts.Where(c => c.Category == category.Name).ToList();
            var (hits, misses, bypasses) = (rows.Sum(r => r.Hits), rows.Sum(r => r.Misses), rows.Sum(r => r.Bypasses));
            return new CacheCategoryStats(category.Name, (int)category.Lifetime.TotalSeconds, hits, misses, bypasses, HitRate(hits, misses, bypasses),
                rows.Select(r => new CacheServiceCounts(r.Service, r.Hits, r.Misses, r.Bypasses)).ToList());
        }).ToList();
        var (allHits, allMisses, allBypasses) = (categories.Sum(c => c.Hits), categories.Sum(c => c.Misses), categories.Sum(c => c.Bypasses));
        return TypedResults.Ok(new CacheStatsResponse(allHits, allMisses, allBypasses, HitRate(allHits, allMisses, allBypasses), categories));
    }

    private static async Task<Results<Ok<CacheDroppedResponse>, ProblemHttpResult, ValidationProblem>> DropTenantCache(
        Guid tenantId, string? category, ClaimsPrincipal user, HubDb db, TenantCache cache, AuditLog audit, CancellationToken cancellationToken)
    {
        CacheCategory? only = null;
        if (category is not null && (only = CacheCategory.Find(category)) is null)
        {
            return FieldErrors.Of("category", $"category must be one of: {string.Join(", ", CacheCategory.All.Select(c => c.Name))}.").ToProblem();
        }
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Tenant not found", detail: "No tenant has that id.");
        }
        try
        {
            await cache.DropTenantAsync(tenantId, only, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return RedisUnavailable();
        }
        await audit.RecordAsync(tenantId, AuditEventTypes.CacheDropped,
            only is null ? $"{tenant.Name}: whole cache dropped" : $"{tenant.Name}: {only.Name} cache dropped",
            await TenantApi.CallerAsync(user, db, cancellationToken), cancellationToken: cancellationToken);
        return TypedResults.Ok(new CacheDroppedResponse(tenantId, tenant.Name, only?.Name));
    }

    private static double? HitRate(long hits, long misses, long bypasses) =>
        hits + misses + bypasses == 0 ? null : Math.Round((double)hits / (hits + misses + bypasses), 4);

    private static ProblemHttpResult RedisUnavailable() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cache unavailable",
        detail: "Redis does not answer; reads are served from the databases meanwhile. Try again when it is back.");
}
