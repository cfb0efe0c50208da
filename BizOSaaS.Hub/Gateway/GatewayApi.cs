using BizOSaaS.Hub.Gateway;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy;

namespace BizOSaaS.Hub.Gateway;

public sealed record GatewayDestinationResponse(string Id, string Address, string ActiveHealth, string PassiveHealth, long Forwarded);

public sealed record GatewayServiceResponse(string Service, int HealthyDestinations, IReadOnlyList<GatewayDestinationResponse> Destinations);

/// <summary><c>GET /api/brain/admin/gateway</c>: every service behind the gateway, its replicas, their health as
/// the gateway sees it, and how many requests each was given.</summary>
public static class GatewayApi
{
    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/brain/admin/gateway", GetGateway)
            .RequireAuthorization(PlatformPolicies.PlatformAdmin)
            .RequireRateLimiting(RateLimitTiers.Admin)
            .WithTags("Platform")
            .WithSummary("The gateway's services and replicas, their health and the requests each received (platform admins).");
        return app;
    }

    private static Ok<List<GatewayServiceResponse>> GetGateway(IProxyStateLookup proxy, GatewayTraffic traffic) =>
        TypedResults.Ok(proxy.GetClusters()
            .OrderBy(c => c.ClusterId)
            .Select(cluster => new GatewayServiceResponse(
                cluster.ClusterId,
                cluster.DestinationsState?.AvailableDestinations.Count ?? 0,
                cluster.Destinations.Values.OrderBy(d => d.DestinationId).Select(d => new GatewayDestinationResponse(
                    d.DestinationId, d.Model.Config.Address, d.Health.Active.ToString(), d.Health.Passive.ToString(),
                    traffic.ForwardedTo(d.DestinationId))).ToList()))
            .ToList());
}
