using System.Threading.Channels;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Projects;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Hosting.Supervision;

/// <summary>
/// Fails the run fast instead of leaving it waiting forever: until every resource has started, the first one that
/// fails to start (DCP could not launch it, a job exited with an error, a process kept crashing, a dependency failed)
/// marks the resources still waiting on it as failed, with a line in their console log naming the cause, writes
/// one line saying what failed, and stops the AppHost with exit code 1. After the start, failures are the restart
/// policy's and the dashboard's business, not a reason to stop everything else.
/// </summary>
internal sealed class StartupFailureWatch(
    DistributedApplicationModel model, ResourceNotificationService notifications, ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime, RunClock clock, ILogger<StartupFailureWatch> logger) : RunWatcher
{
    public const int ExitCode = 1;

    private static readonly TimeSpan RootCauseWindow = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, ResourceEvent> _latest = [];
    private HashSet<IResource> _jobs = [];

    /// <summary>The timestamp DCP puts before each line of a process's output.</summary>
    private static readonly System.Text.RegularExpressions.Regex Timestamp = new(@"^\d{4}-\d{2}-\d{2}T[\d:.]+Z\s*");

    public bool Started { get; private set; }

    protected override async Task WatchAsync(CancellationToken stoppingToken)
    {
        _jobs = LocalProjectConventions.JobsIn(model);
        var changes = Channel.CreateUnbounded<ResourceEvent>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in notifications.WatchAsync(stoppingToken))
                {
                    await changes.Writer.WriteAsync(change, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);

        var failures = new List<(ResourceEvent Change, string Cause)>();
        DateTime? decideAt = null;
        try
        {
            while (!Started)
            {
                // Once something failed, wait a moment for the failures it causes (or was caused by) to arrive, to
                // name the one at the root rather than the first dependent that gave up on it.
                using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                if (decideAt is { } deadline)
                {
                    window.CancelAfter(deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
                }
                ResourceEvent change;
                try
                {
                    change = await changes.Reader.ReadAsync(window.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // A process that crashed (and may be restarting) is a cause too, when a dependent gave up on it.
                    var candidates = failures.Concat(_latest.Values
                        .Where(e => HasExited(e.Snapshot.State?.Text) && e.Snapshot.ExitCode is not (null or 0))
                        .Select(e => (Change: e, Cause: $"{e.ResourceId} exited with code {e.Snapshot.ExitCode}"))).ToList();
                    var root = candidates.FirstOrDefault(c => !candidates.Any(other => other.Change.Resource != c.Change.Resource && DependsOn(c.Change.Resource, other.Change.Resource)));
                    await FailAsync(root.Change ?? failures[0].Change, root.Cause ?? failures[0].Cause);
                    return;
                }

                if (change.Resource is ParameterResource || lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    continue;
                }
                if (!_latest.TryGetValue(change.ResourceId, out var before)
                    || before.Snapshot.State?.Text != change.Snapshot.State?.Text || before.Snapshot.HealthStatus != change.Snapshot.HealthStatus)
                {
                    logger.LogDebug("{Resource} is {State} ({Health}), {Seconds:F1} s after the AppHost started.", change.ResourceId,
                        change.Snapshot.State?.Text, change.Snapshot.HealthStatus, clock.Elapsed.TotalSeconds);
                }
                _latest[change.ResourceId] = change;
                if (FailureOf(change) is { } cause)
                {
                    failures.Add((change, cause));
                    decideAt ??= DateTime.UtcNow + RootCauseWindow;
                }
                else if (failures.Count == 0 && model.Resources.Where(r => r is not ParameterResource).All(IsStarted))
                {
                    Started = true;
                    logger.LogInformation("All {Count} resources are running and healthy (migrations done), {Seconds:F1} s after the AppHost started.",
                        _latest.Values.Where(e => !e.Snapshot.IsHidden).Select(e => e.Resource).Distinct().Count(), clock.Elapsed.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private bool DependsOn(IResource resource, IResource dependency) => WaitingOn(dependency).Contains(resource);

    private string? FailureOf(ResourceEvent change)
    {
        var state = change.Snapshot.State?.Text;
        if (state == KnownResourceStates.FailedToStart)
        {
            return $"{change.ResourceId} failed to start";
        }
        return HasExited(state) && _jobs.Contains(change.Resource) && change.Snapshot.ExitCode is not (null or 0)
            ? $"{change.ResourceId} exited with code {change.Snapshot.ExitCode}"
            : null;
    }

    private bool IsStarted(IResource resource)
    {
        var replicas = _latest.Values.Where(e => e.Resource == resource).ToList();
        if (replicas.Count > 0 && replicas.All(e => e.Snapshot.IsHidden))
        {
            // Aspire's own resources that the dashboard does not show (the dashboard itself).
            return true;
        }
        return replicas.Count > 0 && replicas.All(e => _jobs.Contains(resource)
            ? HasExited(e.Snapshot.State?.Text) && e.Snapshot.ExitCode == 0
            : e.Snapshot.State?.Text == KnownResourceStates.Running
              && (e.Snapshot.HealthReports.IsEmpty || e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy));
    }

    private async Task FailAsync(ResourceEvent failed, string cause)
    {
        if (await LastErrorOfAsync(failed.ResourceId) is { } reason)
        {
            cause = $"{cause}: {reason}";
        }
        foreach (var waiting in WaitingOn(failed.Resource))
        {
            foreach (var replica in _latest.Values.Where(e => e.Resource == waiting && e.Snapshot.State?.Text != KnownResourceStates.Running))
            {
                resourceLogs.GetLogger(replica.ResourceId).LogError("Not started: {Cause}.", cause);
                if (replica.Snapshot.State?.Text != KnownResourceStates.FailedToStart)
                {
                    await notifications.PublishUpdateAsync(waiting, replica.ResourceId, s => s with { State = KnownResourceStates.FailedToStart });
                }
            }
        }
        logger.LogCritical("{Cause}; see its console log in the dashboard. Stopping the run.", cause);
        Console.Error.WriteLine($"error: {cause}; see its console log. The run stops.");
        Environment.ExitCode = ExitCode;
        lifetime.StopApplication();
    }

    /// <summary>The last line the resource wrote to its error stream (or its last line), as the reason in the one line.</summary>
    private async Task<string?> LastErrorOfAsync(string resourceId)
    {
        var lines = new List<LogLine>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var batch in resourceLogs.GetAllAsync(resourceId).WithCancellation(timeout.Token))
            {
                lines.AddRange(batch);
            }
        }
        catch (OperationCanceledException)
        {
        }
        // Not a stack frame: the exception's own line says what went wrong.
        var texts = lines.Select(l => (l.IsErrorMessage, Text: Timestamp.Replace(l.Content, "").Trim()))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith("at ", StringComparison.Ordinal) && !l.Text.StartsWith("---", StringComparison.Ordinal))
            .ToList();
        var text = (texts.Any(l => l.IsErrorMessage) ? texts.Where(l => l.IsErrorMessage) : texts).Select(l => l.Text).LastOrDefault();
        return string.IsNullOrEmpty(text) ? null : text.Length > 300 ? text[..300] + "…" : text;
    }

    /// <summary>Every resource that waits, directly or through others, on <paramref name="failed"/>.</summary>
    private HashSet<IResource> WaitingOn(IResource failed)
    {
        var found = new HashSet<IResource>();
        var pending = new Queue<IResource>([failed]);
        while (pending.TryDequeue(out var dependency))
        {
            foreach (var resource in model.Resources.Where(r => r.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == dependency)
                                                                 || r is IResourceWithParent child && child.Parent == dependency))
            {
                if (found.Add(resource))
                {
                    pending.Enqueue(resource);
                }
            }
        }
        return found;
    }
}
