using BizOSaaS.Hub.Data;
using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Tenancy;

/// <summary>Public: which tenant a shop address (<c>/shop/{slug}</c>) belongs to, for open tenants only.</summary>
public static class ShopsApi
{
    public static IEndpointRouteBuilder MapShopsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/brain/shops/{slug}", Get).WithTags("Tenants").AllowAnonymous().RequireRateLimiting(RateLimitTiers.Public)
            .WithSummary("The open tenant whose shop is at that slug (anonymous; public rate tier); 404 for an unknown, suspended or expired one.");
        return app;
    }

    private static async Task<Results<Ok<ShopResponse>, ProblemHttpResult>> Get(string slug, HubDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var wanted = slug.Trim().ToLowerInvariant();
        var tenant = wanted.Length is > 0 and <= 100 ? await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == wanted, cancellationToken) : null;
        return tenant is not null && tenant.IsOpen(clock.GetUtcNow())
            ? TypedResults.Ok(new ShopResponse(tenant.Id, tenant.Slug, tenant.Name))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such shop", detail: $"No open shop is at {slug}.");
    }
}
