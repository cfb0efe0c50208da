using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Hosting.Supervision;

/// <summary>
/// Aspire restarts nothing (its repository's issue 1708): this watches every replica of a resource with a
/// <see cref="RestartPolicyAnnotation"/> and starts it again, through the dashboard's own start command, when it
/// exits without a stop having been asked for. The count shows as the replica's <c>Restarts</c> property in the
/// dashboard, and each restart is written to the replica's console log.
/// </summary>
internal sealed class RestartPolicy(
    ResourceNotificationService notifications, ResourceCommandService commands, ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime, ILogger<RestartPolicy> logger) : RunWatcher
{
    public const string RestartsProperty = "Restarts";

    private readonly Dictionary<string, Replica> _replicas = [];

    protected override async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (change.Resource.TryGetLastAnnotation<RestartPolicyAnnotation>(out var policy))
                {
                    Observe(change, policy);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Observe(ResourceEvent change, RestartPolicyAnnotation policy)
    {
        if (!_replicas.TryGetValue(change.ResourceId, out var replica))
        {
            _replicas[change.ResourceId] = replica = new Replica();
        }
        var state = change.Snapshot.State?.Text;
        if (change.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy && state == KnownResourceStates.Running)
        {
            replica.HealthySince ??= DateTimeOffset.UtcNow;
        }
        if (state == replica.State)
        {
            return;
        }
        var previous = replica.State;
        replica.State = state;

        if (state == KnownResourceStates.Stopping)
        {
            // Asked to stop: by a person in the dashboard, a test, or the AppHost shutting down.
            replica.StopAsked = true;
        }
        else if (state == KnownResourceStates.Starting)
        {
            replica.StopAsked = false;
            replica.HealthySince = null;
        }
        // Only a process that was running can crash: DCP also reports the previous run's end again while a start
        // command brings a stopped replica back (Starting, then Finished, then Running).
        else if (HasExited(state) && previous == KnownResourceStates.Running
                 && !replica.StopAsked && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            _ = RestartAsync(change, replica, policy);
        }
    }

    private async Task RestartAsync(ResourceEvent crash, Replica replica, RestartPolicyAnnotation policy)
    {
        var log = resourceLogs.GetLogger(crash.ResourceId);
        var stable = replica.HealthySince is { } since && DateTimeOffset.UtcNow - since >= policy.StableAfter;
        var everHealthy = replica.HealthySince is not null;
        replica.CrashesInARow = stable ? 1 : replica.CrashesInARow + 1;
        var exitCode = crash.Snapshot.ExitCode;

        if (!everHealthy && replica.CrashesInARow >= policy.MaxCrashesBeforeHealthy)
        {
            log.LogError("Exited with code {ExitCode}, the {Count}th time in a row without becoming healthy; not restarting it.", exitCode, replica.CrashesInARow);
            logger.LogError("{Resource} exited with code {ExitCode} {Count} times in a row without becoming healthy; it is not restarted.",
                crash.ResourceId, exitCode, replica.CrashesInARow);
            await notifications.PublishUpdateAsync(crash.Resource, crash.ResourceId, s => s with { State = KnownResourceStates.FailedToStart });
            return;
        }

        replica.Restarts++;
        var delay = TimeSpan.FromSeconds(Math.Min(policy.MaxBackoff.TotalSeconds, Math.Pow(2, replica.CrashesInARow - 1)));
        log.LogWarning("Exited unexpectedly with code {ExitCode}; restart {Restarts} in {Delay} s.", exitCode, replica.Restarts, delay.TotalSeconds);
        logger.LogWarning("{Resource} exited unexpectedly with code {ExitCode}; restart {Restarts} in {Delay} s.", crash.ResourceId, exitCode, replica.Restarts, delay.TotalSeconds);
        var restarts = replica.Restarts;
        await notifications.PublishUpdateAsync(crash.Resource, crash.ResourceId, s => s with { Properties = WithRestarts(s.Properties, restarts) });

        try
        {
            await Task.Delay(delay, lifetime.ApplicationStopping);
            if (replica.StopAsked || !HasExited(replica.State))
            {
                // Stopped or started by someone else meanwhile.
                return;
            }
            var result = await commands.ExecuteCommandAsync(crash.ResourceId, KnownResourceCommands.StartCommand, lifetime.ApplicationStopping);
            if (!result.Success)
            {
                log.LogError("Restart {Restarts} failed: {Reason}", restarts, result.Message);
            }
        }
        catch (OperationCanceledException)
        {
            // The AppHost is stopping: nothing to restart.
        }
    }

    private static ImmutableArray<ResourcePropertySnapshot> WithRestarts(ImmutableArray<ResourcePropertySnapshot> properties, int restarts) =>
        // Highlighted: the dashboard shows it beside the state and pid, not only under "show all".
        [.. properties.Where(p => p.Name != RestartsProperty), new ResourcePropertySnapshot(RestartsProperty, restarts) { IsHighlighted = true, DisplayName = "Restarts" }];

    private sealed class Replica
    {
        public string? State { get; set; }
        public bool StopAsked { get; set; }
        public DateTimeOffset? HealthySince { get; set; }
        public int CrashesInARow { get; set; }
        public int Restarts { get; set; }
    }
}
