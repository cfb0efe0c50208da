using System.Security.Claims;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.PlatformAdmin;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BizOSaaS.Hub.PlatformAdmin;

/// <summary>
/// The admin console's aggregation API, at the paths the earlier platform's users know
/// (<c>/api/brain/admin/...</c>). Platform admins only, in the admin rate tier; every figure is computed from
/// live data on each call, and reading across tenants is audited (<c>platform.cross_tenant_read</c>).
/// </summary>
public static class AdminApi
{
    private const int MaxDays = 90;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/brain/admin").WithTags("Platform admin")
            .RequireAuthorization(PlatformPolicies.PlatformAdmin)
            .RequireRateLimiting(RateLimitTiers.Admin)
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            });
        api.MapGet("/metrics/cross-platform", GetCrossPlatform)
            .WithSummary("Tenants, people, sign-ins (30 days), leads and products per tenant and in total, and tenants per plan.");
        api.MapGet("/platforms/all/stats", GetAllPlatforms).WithSummary("The figures of every tenant.");
        api.MapGet("/platforms/{platform}/stats", GetPlatform).WithSummary("The figures of one tenant, by its slug (coreldove) or id.");
        api.MapGet("/system/health", GetSystemHealth)
            .WithSummary("Every resource's health as the hub sees it: each service replica, the web apps, PostgreSQL and Redis.");
        api.MapGet("/users/activity", GetUserActivity)
            .WithSummary("Sign-ins, failures, refusals and lockouts per day and per tenant over the last days (1–90, default 14), and the latest events.");
        api.MapGet("/revenue/breakdown", GetRevenue)
            .WithSummary("Revenue and orders per tenant and plan (commerce records no orders yet, and says so), products and the plan mix.");
        api.MapGet("/analytics/summary", GetSummary)
            .WithSummary("Growth and activity over the last days (1–90, default 30) against the same span before, with current totals.");
        return app;
    }

    private static async Task<Ok<CrossPlatformMetricsResponse>> GetCrossPlatform(
        ClaimsPrincipal user, HubDb db, PlatformFigures figures, CancellationToken cancellationToken) =>
        TypedResults.Ok(await figures.CrossPlatformAsync(await TenantApi.CallerAsync(user, db, cancellationToken), cancellationToken));

    private static async Task<Ok<AllPlatformStatsResponse>> GetAllPlatforms(
        ClaimsPrincipal user, HubDb db, PlatformFigures figures, CancellationToken cancellationToken) =>
        TypedResults.Ok(await figures.AllTenantsAsync(await TenantApi.CallerAsync(user, db, cancellationToken), cancellationToken));

    private static async Task<Results<Ok<TenantFigures>, ProblemHttpResult>> GetPlatform(
        string platform, ClaimsPrincipal user, HubDb db, PlatformFigures figures, CancellationToken cancellationToken)
    {
        var found = platform.Length <= 100 ? await figures.TenantAsync(await TenantApi.CallerAsync(user, db, cancellationToken), platform, cancellationToken) : null;
        return found is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Platform not found",
                detail: "No tenant has that slug or id. GET /api/brain/admin/platforms/all/stats lists them all.")
            : TypedResults.Ok(found);
    }

    private static async Task<Ok<SystemHealthResponse>> GetSystemHealth(ReplicaHealthProbe probe, HttpContext context) =>
        TypedResults.Ok(await probe.CheckAsync($"{context.Request.Scheme}://{context.Request.Host}", context.RequestAborted));

    private static async Task<Results<Ok<UserActivityResponse>, ValidationProblem>> GetUserActivity(
        int? days, ClaimsPrincipal user, HubDb db, PlatformFigures figures, CancellationToken cancellationToken)
    {
        var span = days ?? 14;
        if (span is < 1 or > MaxDays)
        {
            return DaysProblem();
        }
        return TypedResults.Ok(await figures.UserActivityAsync(await TenantApi.CallerAsync(user, db, cancellationToken), span, cancellationToken));
    }

    private static async Task<Ok<RevenueBreakdownResponse>> GetRevenue(
        ClaimsPrincipal user, HubDb db, PlatformFigures figures, CancellationToken cancellationToken) =>
        TypedResults.Ok(await figures.RevenueAsync(await TenantApi.CallerAsync(user, db, cancellationToken), cancellationToken));

    private static async Task<Results<Ok<AnalyticsSummaryResponse>, ValidationProblem>> GetSummary(
        int? days, ClaimsPrincipal user, HubDb db, PlatformFigures figures, CancellationToken cancellationToken)
    {
        var span = days ?? 30;
        if (span is < 1 or > MaxDays)
        {
            return DaysProblem();
        }
        return TypedResults.Ok(await figures.SummaryAsync(await TenantApi.CallerAsync(user, db, cancellationToken), span, cancellationToken));
    }

    private static ValidationProblem DaysProblem() =>
        FieldErrors.Of("days", $"days must be between 1 and {MaxDays}.").ToProblem();
}
