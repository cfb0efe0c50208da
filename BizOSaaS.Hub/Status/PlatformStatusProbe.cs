using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace BizOSaaS.Hub.Status;

public sealed class PlatformStatusOptions
{
    /// <summary>Services behind the hub, by their service-discovery names.</summary>
    public List<string> DownstreamServices { get; set; } = [];

    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>
/// Asks every downstream service for its /health over service discovery (<c>http://crm</c>) and reports the
/// hub's own checks beside them: one call that proves the platform is wired together.
/// </summary>
public sealed class PlatformStatusProbe(
    HttpClient http, ServiceEndpointResolver endpoints, HealthCheckService hubHealth, IOptions<PlatformStatusOptions> options)
{
    /// <param name="hubEndpoint">The address the caller reached the hub at.</param>
    public async Task<PlatformStatusResponse> CheckAsync(string hubEndpoint, CancellationToken cancellationToken)
    {
        var hub = CheckHubAsync(hubEndpoint, cancellationToken);
        var downstream = options.Value.DownstreamServices.Select(name => CheckServiceAsync(name, cancellationToken)).ToList();
        var services = new List<ServiceStatus> { await hub };
        services.AddRange(await Task.WhenAll(downstream));

        var overall = services.All(s => s.Status == nameof(HealthStatus.Healthy)) ? nameof(HealthStatus.Healthy)
            : services.Any(s => s.Status is "Unhealthy" or "Unreachable") ? nameof(HealthStatus.Unhealthy)
            : nameof(HealthStatus.Degraded);
        return new PlatformStatusResponse(overall, DateTimeOffset.UtcNow, services);
    }

    private async Task<ServiceStatus> CheckHubAsync(string hubEndpoint, CancellationToken cancellationToken)
    {
        var report = await hubHealth.CheckHealthAsync(cancellationToken);
        return new ServiceStatus("hub", report.Status.ToString(), hubEndpoint, report.TotalDuration.TotalMilliseconds,
            report.Entries.Select(e => new HealthCheckStatus(e.Key, e.Value.Status.ToString(), e.Value.Duration.TotalMilliseconds, e.Value.Description)).ToList(),
            null);
    }

    private async Task<ServiceStatus> CheckServiceAsync(string name, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            // Resolved the way HttpClient resolves it, to show which addresses discovery gave for the name.
            var resolved = await endpoints.GetEndpointsAsync($"http://{name}", timeout.Token);
            var endpoint = string.Join(", ", resolved.Endpoints.Select(e => e.ToString()?.TrimEnd('/')));
            using var response = await http.GetAsync($"http://{name}/health", timeout.Token);
            var report = await response.Content.ReadFromJsonAsync<HealthReportResponse>(timeout.Token);
            return new ServiceStatus(name, report?.Status ?? "Unhealthy", endpoint, watch.Elapsed.TotalMilliseconds,
                report?.Checks.Select(c => new HealthCheckStatus(c.Name, c.Status, c.DurationMs, c.Description)).ToList() ?? [],
                response.IsSuccessStatusCode ? null : $"/health answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or InvalidOperationException)
        {
            var reason = ex is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"No answer within {options.Value.ProbeTimeout.TotalSeconds:0} s."
                : ex.Message;
            return new ServiceStatus(name, "Unreachable", null, watch.Elapsed.TotalMilliseconds, [], reason);
        }
    }
}
