using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Hosting.Supervision;

/// <summary>
/// When the AppHost stops, the services stop first, while the dashboard, PostgreSQL and Redis are still there; then
/// Aspire stops the rest. Aspire stops everything at once: a service then waits on its way out for the dashboard's
/// OTLP endpoint, gone or held by DCP's proxy, until its exporter gives up (10 s), and DCP kills it after 6 s
/// (exit code -1, its last telemetry lost).
/// </summary>
internal sealed class ProjectsStopFirst(
    ResourceNotificationService notifications, ResourceCommandService commands, ILogger<ProjectsStopFirst> logger) : RunWatcher
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();

    protected override async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                _latest[change.ResourceId] = change;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var running = _latest.Values
            .Where(e => e.Resource is ProjectResource && e.Snapshot.State?.Text == KnownResourceStates.Running)
            .ToList();
        await base.StoppingAsync(cancellationToken);
        if (running.Count == 0)
        {
            return;
        }
        logger.LogInformation("Stopping {Count} service processes before the servers and the dashboard.", running.Count);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        var stops = running.Select(e => commands.ExecuteCommandAsync(e.ResourceId, KnownResourceCommands.StopCommand, timeout.Token)).ToList();
        // Done when the processes are gone: the commands themselves complete only once Aspire has seen it, seconds later.
        var pids = running.Select(PidOf).OfType<int>().ToList();
        try
        {
            while (pids.Any(IsAlive) && stops.Any(t => !t.IsCompleted))
            {
                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // What is still running is stopped with everything else.
        }
        _ = Task.WhenAll(stops).ContinueWith(t => t.Exception, TaskScheduler.Default);
    }

    private static int? PidOf(ResourceEvent replica) =>
        replica.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
        && int.TryParse(value.ToString(), out var pid) && pid > 0 ? pid : null;

    private static bool IsAlive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
