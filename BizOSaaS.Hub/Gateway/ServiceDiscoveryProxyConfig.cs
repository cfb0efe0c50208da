using System.Globalization;
using System.Net;
using BizOSaaS.ServiceDefaults.Discovery;
using BizOSaaS.ServiceDefaults.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace BizOSaaS.Hub.Gateway;

/// <summary>
/// YARP's routes and clusters for every configured service, with every replica service discovery knows as a
/// destination (round robin, active and passive health checks). Looked up again periodically, so replicas
/// that come and go are followed. YARP's own service-discovery glue package is not served here.
/// </summary>
public sealed class ServiceDiscoveryProxyConfig(
    ServiceEndpointResolver resolver, IOptionsMonitor<GatewayOptions> options, ILogger<ServiceDiscoveryProxyConfig> logger)
    : BackgroundService, IProxyConfigProvider
{
    public const string RoutePrefix = "/api/brain";

    /// <summary>YARP's policy name for a route the rate limiter skips.</summary>
    private const string NoRateLimiting = "Disable";

    private volatile Snapshot _current = new([], [], new CancellationTokenSource());

    public IProxyConfig GetConfig() => _current;

    /// <summary>The first configuration is built before the hub accepts requests.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.CurrentValue.DiscoveryRefreshInterval, stoppingToken);
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Looking up the gateway's services failed; keeping the previous destinations.");
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var gateway = options.CurrentValue;
        var clusters = new List<ClusterConfig>();
        var routes = new List<RouteConfig>();
        foreach (var (service, settings) in gateway.Services)
        {
            var destinations = await DestinationsAsync(service, cancellationToken);
            clusters.Add(new ClusterConfig
            {
                ClusterId = service,
                LoadBalancingPolicy = "RoundRobin",
                Destinations = destinations,
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
                        ReactivationPeriod = TimeSpan.FromSeconds(10),
                    },
                },
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

        var previous = _current;
        if (routes.SequenceEqual(previous.Routes) && clusters.SequenceEqual(previous.Clusters))
        {
            // Nothing moved: YARP keeps its routes and the replicas' health state as they are.
            return;
        }
        _current = new Snapshot(routes, clusters, new CancellationTokenSource());
        previous.Changed.Cancel();
    }

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
            AuthorizationPolicy = anonymous ? "anonymous" : "default",
        };
    }

    private async Task<IReadOnlyDictionary<string, DestinationConfig>> DestinationsAsync(string service, CancellationToken cancellationToken)
    {
        var addresses = await resolver.AddressesAsync(service, cancellationToken);
        return addresses.Select((address, i) => (Id: $"{service}-{i}", address))
            .ToDictionary(d => d.Id, d => new DestinationConfig { Address = d.address });
    }

    private sealed class Snapshot(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, CancellationTokenSource changed) : IProxyConfig
    {
        public CancellationTokenSource Changed { get; } = changed;

        public IReadOnlyList<RouteConfig> Routes { get; } = routes;

        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

        public IChangeToken ChangeToken { get; } = new CancellationChangeToken(changed.Token);
    }
}
