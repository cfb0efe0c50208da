using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.TestSupport;

/// <summary>
/// The whole platform, started once through the AppHost's own Program (Aspire.Hosting.Testing) for every test in the
/// "platform" collection: free random ports, a throwaway data folder, real PostgreSQL, Redis and services. The collection
/// fails if any resource exits without a test having stopped or killed it. The Aspire dashboard runs only in
/// <see cref="PlatformWithDashboardFixture"/>: without it the services export no telemetry, which spares the tests that
/// do not look at it the CPU that collecting and showing it costs.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Every resource that must be running and healthy (or, for migrations, finished) before a test runs.</summary>
    public static readonly string[] ResourceNames = ["postgres", "hubdb", "crmdb", "commercedb", "directorydb", "cache", "hub", "crm", "commerce", "directory", "portal", "admin"];

    private const string DashboardResource = "aspire-dashboard";

    private readonly TestDirectory _data = new();
    private readonly bool _withDashboard;
    private ResourceLogFiles? _logFiles;
    private Uri? _dashboardUrl;

    public PlatformFixture() : this(withDashboard: false)
    {
    }

    protected PlatformFixture(bool withDashboard) => _withDashboard = withDashboard;

    public DistributedApplication App { get; private set; } = null!;

    public ResourceWatch Resources { get; private set; } = null!;

    public PlatformTokens Tokens { get; private set; } = null!;

    /// <summary>The Aspire dashboard's address and the token that signs a browser in to it.</summary>
    public Uri DashboardUrl => _dashboardUrl ?? throw new InvalidOperationException("This platform runs without the dashboard.");

    public string DashboardToken { get; } = Guid.NewGuid().ToString("N");

    public string DataDirectory => _data.Path;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        string[] arguments = [$"--DataDirectory={_data.Path}", "--ThrowawayData=true"];
        if (_withDashboard)
        {
            arguments =
            [
                .. arguments,
                $"--ASPNETCORE_URLS=http://localhost:{FreePorts.Next()}",
                $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{FreePorts.Next()}",
                $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:{FreePorts.Next()}",
                "--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:0",
                $"--ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN={DashboardToken}",
            ];
        }
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BizOSaaS_AppHost>(
            arguments,
            (options, _) =>
            {
                options.DisableDashboard = !_withDashboard;
                // Each resource's console log goes to its own file (ResourceLogFiles), not into the test output.
                options.EnableResourceLogging = false;
            },
            timeout.Token);
        if (!_withDashboard)
        {
            // Without the dashboard Aspire still points every service's OTLP exporter at the default dashboard address,
            // where nothing listens: each service would retry its exports all run long and for seconds more while it
            // stops (a Stop command took 6-10 s instead of well under one). The services keep their OTEL service name
            // and instance id (they record them as their start) but get no endpoint, so they export nothing.
            foreach (var resource in builder.Resources.Where(r => r.Annotations.OfType<OtlpExporterAnnotation>().Any()))
            {
                resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
                {
                    context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                    context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_PROTOCOL");
                }));
            }
        }
        // The approval timers scan every second instead of every 5 s, and a callback to a service that does not answer
        // (DCP's proxy holds the connection of a stopped one) fails after 3 s instead of 10: tests of due dates, expiry
        // and redelivery wait that much less; the code paths are the same.
        builder.CreateResourceBuilder<ProjectResource>("hub")
            .WithEnvironment("Approvals__TimerInterval", "00:00:01")
            .WithEnvironment("Approvals__CallbackTimeout", "00:00:03");
        // Supplier feeds come only from public addresses; the tests serve theirs from this machine, named localhost (an
        // address given as 127.0.0.1 or any private one is still refused).
        builder.CreateResourceBuilder<ProjectResource>("commerce")
            .WithEnvironment("Commerce__SupplierFeeds__AllowedPrivateHosts__0", "localhost");
        // The public tier counts per visitor address, and every test calls from this machine, one visitor: the relevance set
        // alone posts more reviews and searches in a minute than a visitor may, and the browser tests together sign in to the
        // hub and open the Portal's public pages (directory and shop, each keystroke a suggestion) more often than one visitor
        // may (30 a minute, suggestions 300). RateLimitingTests prove the tiers on replicas of their own.
        foreach (var name in new[] { "hub", "directory", "portal" })
        {
            builder.CreateResourceBuilder<ProjectResource>(name)
                .WithEnvironment("RateLimiting__Tiers__public__PermitsPerMinute", "1000000")
                .WithEnvironment("RateLimiting__Tiers__suggest__PermitsPerMinute", "1000000");
        }
        // The whole suite shares 2 cores: a Redis answer later than the services' 250 ms would count as an outage (reads
        // bypass the cache, a new epoch drops every cached value), which tests of caching would read as a bug. Tests that
        // stop Redis still see it fail at once (connection refused), as in production.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("Caching__RedisTimeoutMilliseconds", "2000");
        }
        // The test output shows what the tests say; each resource's own output is in its log file.
        builder.Services.AddLogging(logging => logging
            .AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning));
        App = await builder.BuildAsync(timeout.Token);
        Resources = ResourceWatch.Start(App);
        _logFiles = ResourceLogFiles.Start(App, "platform");
        Tokens = new PlatformTokens(App);
        await App.StartAsync(timeout.Token);
        foreach (var resource in ResourceNames)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }
        if (_withDashboard)
        {
            // Under test DCP gives the dashboard a random port of its own, in front of the one asked for.
            var dashboard = await App.ResourceNotifications.WaitForResourceAsync(DashboardResource, e => e.Snapshot.Urls.Any(u => u.Name == "http" && !u.IsInternal), timeout.Token);
            _dashboardUrl = new Uri(new Uri(dashboard.Snapshot.Urls.First(u => u.Name == "http" && !u.IsInternal).Url).GetLeftPart(UriPartial.Authority));
        }
    }

    /// <summary>The latest snapshot of one replica of <paramref name="resource"/> (replicas in a stable order).</summary>
    public ResourceEvent Replica(string resource, int index = 0) =>
        Resources.Replicas(resource) is { } replicas && replicas.Count > index
            ? replicas[index]
            : throw new InvalidOperationException($"{resource} has no replica {index}.");

    /// <summary>The addresses <paramref name="resource"/>'s replicas listen on themselves, in the order the replica directory
    /// gives them (ADR 33).</summary>
    public IReadOnlyList<string> ReplicaAddresses(string resource) =>
        [.. Resources.Replicas(resource).Select(r => r.Address().ToString().TrimEnd('/')).Order(StringComparer.Ordinal)];

    /// <summary>The dashboard's Stop command, on one replica or on all of them.</summary>
    public async Task StopAsync(string resource, int? replica = null)
    {
        foreach (var target in Targets(resource, replica))
        {
            await App.StopReplicaAsync(target);
        }
    }

    /// <summary>The dashboard's Start command, on one replica or on all of them; returns once each answers itself.</summary>
    public async Task StartAsync(string resource, int? replica = null)
    {
        var targets = Targets(resource, replica).ToList();
        foreach (var target in targets)
        {
            await App.StartReplicaAsync(target);
        }
        // Each started replica, from its own snapshots: right after the command a replica may still show the state its stop
        // left (Exited), which Aspire's wait for the resource's health takes for a failed start.
        foreach (var target in targets)
        {
            await Eventually.HoldsAsync(() => Resources.Replicas(resource).Single(r => r.ResourceId == target.ResourceId) is var current
                    && current.Snapshot.State?.Text == KnownResourceStates.Running
                    && (current.Snapshot.HealthReports.IsEmpty || current.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy),
                $"{target.ResourceId} is running and healthy again", StartTimeout);
        }
        foreach (var target in targets.Where(t => t.Resource is ProjectResource))
        {
            await ReplicaAnswersAsync(resource, target.ResourceId);
        }
    }

    /// <summary>SIGKILL to a replica's process, announced as the test's own doing; returns the pid it killed.</summary>
    public int Kill(string resource, int replica = 0)
    {
        var target = Replica(resource, replica);
        var pid = target.Pid();
        Resources.Expect(target.ResourceId);
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        return pid;
    }

    /// <summary>Waits until the restart policy has brought the replica back: a new process, running and healthy.</summary>
    public async Task WaitUntilRestartedAsync(string resource, int replica, int killedPid)
    {
        await Eventually.HoldsAsync(() => Replica(resource, replica) is var current
                && current.Snapshot.State?.Text == KnownResourceStates.Running
                && current.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                && current.Pid() != killedPid,
            $"{resource} replica {replica} is restarted and healthy", StartTimeout);
        await ReplicaAnswersAsync(resource, Replica(resource, replica).ResourceId);
    }

    /// <summary>
    /// The replica's own /health answers. Aspire probes a service's health through DCP's proxy, where another replica
    /// may answer for one that is still starting.
    /// </summary>
    private Task ReplicaAnswersAsync(string resource, string resourceId) =>
        Eventually.HoldsAsync(async () =>
        {
            var replica = Resources.Replicas(resource).Single(r => r.ResourceId == resourceId);
            // A replica being started has no environment in its snapshot until DCP has launched it.
            if (!replica.Snapshot.EnvironmentVariables.Any(e => e.Name == "ASPNETCORE_URLS"))
            {
                return false;
            }
            using var client = replica.CreateReplicaHttpClient();
            try
            {
                return (await client.GetAsync("/health")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"{resourceId} answers at its own address", StartTimeout);

    /// <summary>A client secret or password the AppHost generated for this run's data folder.</summary>
    public Task<string> SecretAsync(string parameter) => App.GetParameterAsync(parameter);

    private IEnumerable<ResourceEvent> Targets(string resource, int? replica) =>
        replica is { } index ? [Replica(resource, index)] : Resources.Replicas(resource);

    public async Task DisposeAsync()
    {
        Resources.StopExpectingExits();
        await App.StopAsync();
        if (_logFiles is not null)
        {
            await _logFiles.DisposeAsync();
        }
        await App.DisposeAsync();
        _data.Dispose();
        Resources.AssertNoUnexpectedExit();
    }
}

/// <summary>The platform with the Aspire dashboard, for the tests that look at the dashboard or at the telemetry in it.</summary>
public sealed class PlatformWithDashboardFixture() : PlatformFixture(withDashboard: true);
