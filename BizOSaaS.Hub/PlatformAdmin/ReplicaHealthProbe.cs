using System.Diagnostics;
using System.Net.Http.Json;
using BizOSaaS.Hub.Identity;
using BizOSaaS.Hub.Status;
using BizOSaaS.ServiceDefaults.Discovery;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace BizOSaaS.Hub.PlatformAdmin;

/// <summary>
/// The platform's health as the hub sees it, one row per address: the hub's own checks; every address service discovery
/// gives for each downstream service (one per replica in a local run, where crm's replicas announce their own addresses
/// in the replica directory, named crm-0, crm-1 in address order; one in Azure Container Apps, where they share the
/// ingress);
/// Portal and Admin at the origins registered for their sign-in; and PostgreSQL and Redis as the hub's own checks see
/// them, with what every service said.
/// </summary>
public sealed class ReplicaHealthProbe(
    HttpClient http, ServiceEndpointResolver endpoints, HealthCheckService hubHealth, IConfiguration configuration,
    IOptions<PlatformStatusOptions> options)
{
    /// <summary>The hub's check of its database, and of the shared cache (the connection names).</summary>
    private const string HubDatabaseCheck = "hubdb";
    private const string CacheCheck = "cache";

    public async Task<SystemHealthResponse> CheckAsync(string hubAddress, CancellationToken cancellationToken)
    {
        var hub = CheckHubAsync(hubAddress, cancellationToken);
        var services = options.Value.DownstreamServices.Select(service => CheckServiceAsync(service, cancellationToken)).ToList();
        var webApps = new[] { OidcClients.Portal, OidcClients.Admin }
            .Select(app => (App: app, Origin: configuration[$"Identity:Clients:{app}:Origin"]?.TrimEnd('/')))
            .Where(a => a.Origin is not null)
            .Select(a => ProbeAsync(a.App, a.App, "web app", a.Origin!, $"hub, at {a.App}'s registered sign-in origin", cancellationToken))
            .ToList();

        var hubRow = await hub;
        var rows = new List<ResourceHealth> { hubRow };
        foreach (var replicas in await Task.WhenAll(services))
        {
            rows.AddRange(replicas);
        }
        rows.AddRange(await Task.WhenAll(webApps));

        rows.Insert(1, Dependency("postgres", "database server", hubRow, HubDatabaseCheck, rows, check => check.EndsWith("db", StringComparison.Ordinal)));
        rows.Insert(2, Dependency("cache", "cache", hubRow, CacheCheck, rows, check => check == CacheCheck));

        var healthy = rows.Count(r => r.Status == nameof(HealthStatus.Healthy));
        var overall = healthy == rows.Count ? nameof(HealthStatus.Healthy)
            : rows.Any(r => r.Status is "Unhealthy" or "Unreachable") ? nameof(HealthStatus.Unhealthy)
            : nameof(HealthStatus.Degraded);
        return new SystemHealthResponse(overall, DateTimeOffset.UtcNow, healthy, rows.Count, rows);
    }

    private async Task<ResourceHealth> CheckHubAsync(string hubAddress, CancellationToken cancellationToken)
    {
        var report = await hubHealth.CheckHealthAsync(cancellationToken);
        return new ResourceHealth("hub", "hub", "hub", report.Status.ToString(), hubAddress, report.TotalDuration.TotalMilliseconds,
            report.Entries.Select(e => new HealthCheckEntry(e.Key, e.Value.Status.ToString(), e.Value.Duration.TotalMilliseconds, e.Value.Description)).ToList(),
            null, "hub, its own health checks", []);
    }

    private async Task<IReadOnlyList<ResourceHealth>> CheckServiceAsync(string service, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> replicas;
        try
        {
            replicas = await endpoints.AddressesAsync(service, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return [Unreachable(service, service, "service", null, 0, $"Service discovery has no address for {service}: {ex.Message}", "hub, through service discovery")];
        }
        if (replicas.Count == 0)
        {
            return [Unreachable(service, service, "service", null, 0, $"Service discovery has no address for {service}.", "hub, through service discovery")];
        }
        // Named as the AppHost names replicas: crm-0, crm-1; a single replica is just the service.
        return await Task.WhenAll(replicas.Select((address, index) => ProbeAsync(
            replicas.Count == 1 ? service : $"{service}-{index}", service, "service", address, "hub, through service discovery", cancellationToken)));
    }

    private async Task<ResourceHealth> ProbeAsync(string name, string service, string kind, string address, string seenBy, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            using var response = await http.GetAsync($"{address}/health", timeout.Token);
            var report = await response.Content.ReadFromJsonAsync<HealthReportResponse>(timeout.Token);
            return new ResourceHealth(name, service, kind, report?.Status ?? "Unhealthy", address, watch.Elapsed.TotalMilliseconds,
                report?.Checks.Select(c => new HealthCheckEntry(c.Name, c.Status, c.DurationMs, c.Description)).ToList() ?? [],
                response.IsSuccessStatusCode ? null : $"/health answered {(int)response.StatusCode}.", seenBy, []);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            var reason = ex is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"No answer within {options.Value.ProbeTimeout.TotalSeconds:0} s."
                : ex.Message;
            return Unreachable(name, service, kind, address, watch.Elapsed.TotalMilliseconds, reason, seenBy);
        }
    }

    private static ResourceHealth Dependency(string name, string kind, ResourceHealth hub, string hubCheck, IReadOnlyList<ResourceHealth> rows, Func<string, bool> isDependencyCheck)
    {
        var own = hub.Checks.FirstOrDefault(c => c.Name == hubCheck);
        var observations = rows.Where(r => r.Name != "hub")
            .SelectMany(r => r.Checks.Where(c => isDependencyCheck(c.Name)).Select(c => new DependencyObservation(r.Name, c.Name, c.Status)))
            .ToList();
        return own is null
            ? new ResourceHealth(name, name, kind, "Unknown", null, null, [], $"The hub has no {hubCheck} health check.", $"hub, check {hubCheck}", observations)
            : new ResourceHealth(name, name, kind, own.Status, null, own.DurationMs, [own], null, $"hub, check {hubCheck}", observations);
    }

    private static ResourceHealth Unreachable(string name, string service, string kind, string? address, double elapsedMs, string reason, string seenBy) =>
        new(name, service, kind, "Unreachable", address, elapsedMs, [], reason, seenBy, []);
}
