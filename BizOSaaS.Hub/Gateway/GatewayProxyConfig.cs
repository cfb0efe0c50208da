using System.Globalization;
using BizOSaaS.Platform.OpenApi;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms;

namespace BizOSaaS.Hub.Gateway;

/// <summary>
/// YARP's routes and clusters for every configured service. Each cluster has one destination, <c>http://{service}</c>,
/// which Microsoft.Extensions.ServiceDiscovery.Yarp resolves to the addresses service discovery knows: in a local
/// run each replica's own address as the replica directory announces it (ADR 33), or the service's own port; in a
/// deployment the platform's load balancer (ADR 8). Active and passive health checks take a replica that does not
/// answer out of rotation, and a service with none left is answered 503 at once.
/// </summary>
public sealed class GatewayProxyConfig : IProxyConfigProvider
{
    public const string RoutePrefix = "/api/brain";

    /// <summary>How long a replica the passive health check found failing stays out of rotation.</summary>
    public static readonly TimeSpan PassiveReactivationPeriod = TimeSpan.FromSeconds(10);

    /// <summary>YARP's policy name for a route the rate limiter skips.</summary>
    private const string NoRateLimiting = "Disable";

    private readonly Snapshot _config;

    public GatewayProxyConfig(IOptions<GatewayOptions> options, ILogger<GatewayProxyConfig> logger)
    {
        var gateway = options.Value;
        var clusters = new List<ClusterConfig>();
        var routes = new List<RouteConfig>();
        foreach (var (service, settings) in gateway.Services)
        {
            clusters.Add(new ClusterConfig
            {
                ClusterId = service,
                LoadBalancingPolicy = "RoundRobin",
                Destinations = new Dictionary<string, DestinationConfig> { [service] = new() { Address = $"http://{service}" } },
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true,
                        Interval = TimeSpan.FromSeconds(2),
                        Timeout = TimeSpan.FromSeconds(2),
                        Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                        Path = "/alive",
                    },
                    Passive = new PassiveHealthCheckConfig
                    {
                        Enabled = true,
                        Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                        ReactivationPeriod = PassiveReactivationPeriod,
                    },
                },
                // Requests beyond this many at once wait in the hub for a free connection, rather than each opening
                // one of its own to the service (ADR 25).
                HttpClient = new HttpClientConfig { MaxConnectionsPerServer = settings.MaxConnections },
                // The routes' own timeouts bound each request; uploads may wait longer for their answer.
                HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
                {
                    ActivityTimeout = settings.UploadPaths.Count > 0 && settings.UploadTimeout > settings.Timeout ? settings.UploadTimeout : settings.Timeout,
                },
            });

            routes.Add(Route($"{service}-api", service, settings, $"{RoutePrefix}/{service}/{{**path}}", "/api/{**path}"));
            foreach (var upload in settings.UploadPaths.Select(p => p.Trim('/')))
            {
                routes.Add(Route($"{service}-upload-{upload.Replace('/', '-')}", service, settings, $"{RoutePrefix}/{service}/{upload}", $"/api/{upload}") with
                {
                    Timeout = settings.UploadTimeout,
                    Metadata = new Dictionary<string, string> { [GatewayExtensions.MaxRequestBodySizeMetadata] = settings.UploadBodyLimit.ToString(CultureInfo.InvariantCulture) },
                });
            }
            foreach (var open in settings.PublicPaths.Select(p => p.Trim('/')))
            {
                routes.Add(Route($"{service}-public-{open.Replace('/', '-')}", service, settings, $"{RoutePrefix}/{service}/{open}/{{**path}}",
                        $"/api/{open}/{{**path}}", anonymous: true)
                    .WithTransformXForwarded(xDefault: ForwardedTransformActions.Set, xFor: ForwardedTransformActions.Append));
            }
            // The service then describes its API as reached through the gateway (ServiceDefaults' AddPlatformOpenApi).
            routes.Add(Route($"{service}-openapi", service, settings, $"{RoutePrefix}/{service}/openapi/v1.json", "/openapi/v1.json", anonymous: true,
                new Dictionary<string, string> { ["RequestHeader"] = PlatformOpenApi.GatewayPrefixHeader, ["Set"] = $"{RoutePrefix}/{service}" }));
        }

        foreach (var (from, to) in gateway.Aliases)
        {
            var target = to.Trim('/');
            var service = target.Split('/')[0];
            if (!gateway.Services.TryGetValue(service, out var settings))
            {
                logger.LogWarning("The gateway alias {Alias} points to {Target}, but {Service} is not a gateway service.", from, to, service);
                continue;
            }
            var rest = target[(service.Length)..];
            routes.Add(Route($"alias-{from.Trim('/').Replace('/', '-')}", service, settings,
                $"{RoutePrefix}/{from.Trim('/')}/{{**path}}", $"/api{rest}/{{**path}}"));
        }
        _config = new Snapshot(routes, clusters);
    }

    public IProxyConfig GetConfig() => _config;

    private static RouteConfig Route(string id, string cluster, GatewayServiceOptions settings, string path, string target, bool anonymous = false,
        Dictionary<string, string>? transform = null)
    {
        var pathPattern = new Dictionary<string, string> { ["PathPattern"] = target };
        return new RouteConfig
        {
            RouteId = id,
            ClusterId = cluster,
            Match = new RouteMatch { Path = path },
            Transforms = transform is null ? [pathPattern] : [pathPattern, transform],
            Timeout = settings.Timeout,
            // Each request is counted once, by the service, against the tier its endpoint declares; the gateway
            // counts too only when the service's configuration names a tier for it.
            RateLimiterPolicy = settings.RateLimitTier ?? NoRateLimiting,
            // The hub turns away requests without a valid token before they reach a service, which checks it again.
            AuthorizationPolicy = anonymous ? "anonymous" : GatewayAuthentication.Policy,
        };
    }

    /// <summary>Configuration is fixed at start: service discovery, not this provider, follows replicas that come and go.</summary>
    private sealed class Snapshot(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes { get; } = routes;

        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

        public IChangeToken ChangeToken { get; } = NullChangeToken.Singleton;
    }
}
