using BizOSaaS.Hub.Status;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BizOSaaS.Hub.Status;

public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/brain").WithTags("Platform");
        // Public: the Portal shows it before anyone signs in, and it holds no tenant's data.
        api.MapGet("/status", GetStatus)
            .AllowAnonymous()
            .WithName("GetPlatformStatus")
            .WithSummary("Health of the hub and of every service behind it, reached by service discovery.");
        return app;
    }

    private static async Task<Ok<PlatformStatusResponse>> GetStatus(PlatformStatusProbe probe, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        var hubEndpoint = $"{context.Request.Scheme}://{context.Request.Host}";
        return TypedResults.Ok(await probe.CheckAsync(hubEndpoint, context.RequestAborted));
    }
}
