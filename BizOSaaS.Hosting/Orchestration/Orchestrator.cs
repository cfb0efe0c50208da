using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Postgres;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Hosting.Orchestration;

/// <summary>
/// Starts every resource once what it waits for is healthy, keeps them running, and stops them in reverse
/// dependency order: web apps first, databases and caches last.
/// </summary>
internal sealed class Orchestrator : IHostedLifecycleService
{
    private readonly IReadOnlyList<Resource> _resources;
    private readonly RunContext _run;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly Dictionary<ResourceInstance, (string State, HealthStatus? Health)> _reported = [];
    private readonly Dictionary<ExecutableResource, Task> _prepared = [];
    private int _stopped;

    public Orchestrator(IReadOnlyList<Resource> resources, RunContext run, RunLedger ledger, ILoggerFactory loggers)
    {
        _resources = resources;
        _run = run;
        _logger = loggers.CreateLogger(LogCategory);
        var logger = _logger;

        var instances = new List<ResourceInstance>();
        foreach (var resource in resources.OfType<ExecutableResource>())
        {
            for (var replica = 0; replica < resource.Replicas; replica++)
            {
                instances.Add(new ExecutableInstance(resource, replica, run, ledger, logger));
            }
        }
        foreach (var database in resources.OfType<PostgresDatabaseResource>())
        {
            var server = instances.Single(i => i.Resource == database.Server);
            instances.Add(new DatabaseInstance(database, server, run, logger));
        }
        Notifications = new ResourceNotificationService(instances);
        foreach (var instance in instances)
        {
            instance.OnChanged(() => OnInstanceChanged(instance));
        }
    }

    public const string LogCategory = "BizOSaaS.AppHost";

    public ResourceNotificationService Notifications { get; }

    /// <summary>How long the AppHost took from its own start until every resource was healthy.</summary>
    public TimeSpan? AllHealthyAfter { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var stopping = _stopping.Token;
        foreach (var instance in Notifications.Instances)
        {
            // Every instance is waiting from the moment the application starts, not from when its task runs.
            instance.SetState(ResourceStates.Waiting);
        }
        foreach (var instance in Notifications.Instances)
        {
            _running.Add(instance switch
            {
                ExecutableInstance executable => Task.Run(() => executable.RunAsync(
                    ct => WaitForDependenciesAsync(executable.Resource, ct),
                    ct => PrepareOnceAsync(executable, ct),
                    stopping), CancellationToken.None),
                DatabaseInstance database => Task.Run(() => database.RunAsync(Notifications, stopping), CancellationToken.None),
                _ => Task.CompletedTask,
            });
        }
        _ = ReportAllHealthyAsync(stopping);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Resources stop before the dashboard's own server does: the services flush their telemetry to its OTLP
    /// endpoints on the way out, and would otherwise wait on a closed port.
    /// </summary>
    public Task StoppingAsync(CancellationToken cancellationToken) => StopResourcesAsync();

    public Task StopAsync(CancellationToken cancellationToken) => StopResourcesAsync();

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task StopResourcesAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        _logger.LogInformation("Stopping {Count} resources in reverse dependency order.", _resources.Count);
        foreach (var level in StopOrder())
        {
            await Task.WhenAll(level.Select(i => i.StopAsync(keepStopped: true)));
        }
        try
        {
            await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // Loops still winding down; no process is left, which is what matters.
        }
        _logger.LogInformation("All resources stopped.");
    }

    /// <summary>Kills anything still alive; for when the AppHost is ending without an orderly stop.</summary>
    public void KillAll()
    {
        foreach (var instance in Notifications.Instances.OfType<ExecutableInstance>())
        {
            instance.Kill();
        }
    }

    /// <summary>Runs a dashboard command on one instance.</summary>
    public async Task<bool> ExecuteAsync(string instanceId, string command)
    {
        if (Notifications.Instances.SingleOrDefault(i => i.Id == instanceId) is not ExecutableInstance instance
            || _stopping.IsCancellationRequested)
        {
            return false;
        }
        switch (command)
        {
            case "stop":
                await instance.StopAsync(keepStopped: true);
                return true;
            case "start":
                instance.Start();
                return true;
            case "restart":
                await instance.StopAsync(keepStopped: false);
                instance.Start();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Instances grouped by depth in the graph, deepest (web apps) first.</summary>
    internal IEnumerable<IReadOnlyList<ExecutableInstance>> StopOrder()
    {
        var depth = new Dictionary<Resource, int>();
        int DepthOf(Resource resource) =>
            depth.TryGetValue(resource, out var d) ? d
            : depth[resource] = resource.Dependencies.Select(DepthOf).DefaultIfEmpty(-1).Max() + 1;

        return Notifications.Instances.OfType<ExecutableInstance>()
            .GroupBy(i => DepthOf(i.Resource))
            .OrderByDescending(g => g.Key)
            .Select(g => (IReadOnlyList<ExecutableInstance>)g.ToList());
    }

    private Task WaitForDependenciesAsync(Resource resource, CancellationToken cancellationToken) =>
        Notifications.WaitUntilAsync(
            () => resource.WaitsFor.Concat(resource.Parent is null ? [] : [resource.Parent])
                .All(dependency => Notifications.IsHealthy(dependency.Name)),
            cancellationToken);

    /// <summary>Resource preparation (initdb, config files) runs once per run, shared by all replicas.</summary>
    private Task PrepareOnceAsync(ExecutableInstance instance, CancellationToken cancellationToken)
    {
        lock (_prepared)
        {
            if (!_prepared.TryGetValue(instance.Executable, out var task))
            {
                task = instance.Executable.PrepareAsync(_run, instance.Log, cancellationToken);
                _prepared[instance.Executable] = task;
            }
            return task;
        }
    }

    private void OnInstanceChanged(ResourceInstance instance)
    {
        lock (_reported)
        {
            var now = (instance.State, instance.Health);
            if (!_reported.TryGetValue(instance, out var before) || before != now)
            {
                _reported[instance] = now;
                if (now.Health == HealthStatus.Healthy && before.Health != HealthStatus.Healthy
                    || now.State is ResourceStates.FailedToStart)
                {
                    _logger.LogInformation("{Resource,-10} {State}{Health}", instance.Id, now.State,
                        now.Health is null ? "" : $", {now.Health}");
                }
            }
        }
        Notifications.NotifyChanged();
    }

    private async Task ReportAllHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Notifications.WaitUntilAsync(() => _resources.All(r => Notifications.IsHealthy(r.Name)), cancellationToken);
            AllHealthyAfter = System.Diagnostics.Stopwatch.GetElapsedTime(_run.Options.StartTimestamp);
            _logger.LogInformation("All {Count} resources are healthy, {Seconds:F1} s after the AppHost started. Dashboard: http://localhost:{Port}",
                _resources.Count, AllHealthyAfter.Value.TotalSeconds, _run.Options.DashboardPort);
        }
        catch (OperationCanceledException)
        {
            // Stopped before everything was healthy.
        }
    }
}
