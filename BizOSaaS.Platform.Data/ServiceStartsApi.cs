using BizOSaaS.Platform.Validation;
using BizOSaaS.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BizOSaaS.Platform.Data;

public static class ServiceStartsApi
{
    /// <summary><c>GET /api/starts?limit=N</c>: the most recent process starts of this service, newest first, and the
    /// start of the process that answers (which replica a load balancer chose).</summary>
    public static IEndpointRouteBuilder MapServiceStartsApi<TContext>(this IEndpointRouteBuilder app) where TContext : DbContext
    {
        app.MapGet("/api/starts", (HttpContext context, int? limit) =>
                GetStarts(context.RequestServices.GetRequiredService<TContext>(), context.RequestServices.GetRequiredService<ThisProcessStart>(), limit, context.RequestAborted))
            .AllowAnonymous()
            .WithName("GetServiceStarts")
            .WithSummary("Recent process starts of this service, newest first, and the start of the process that answers.");
        return app;
    }

    private static async Task<Results<Ok<ServiceStartsResponse>, ValidationProblem>> GetStarts<TContext>(
        TContext db, ThisProcessStart thisProcess, int? limit, CancellationToken cancellationToken) where TContext : DbContext
    {
        var take = limit ?? 20;
        if (take is < 1 or > 500)
        {
            return FieldErrors.Of("limit", "limit must be between 1 and 500.").ToProblem();
        }

        var starts = db.Set<ServiceStart>().AsNoTracking();
        var total = await starts.LongCountAsync(cancellationToken);
        var recent = await starts.OrderByDescending(s => s.Id).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ServiceStartsResponse(total, recent, thisProcess.Start));
    }
}

public sealed record ServiceStartsResponse(long Total, IReadOnlyList<ServiceStart> Recent, ServiceStart? Current);
