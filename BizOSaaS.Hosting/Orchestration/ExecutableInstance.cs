using System.Diagnostics;
using BizOSaaS.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Hosting.Orchestration;

/// <summary>
/// Supervises one process: launches it once its dependencies are healthy, probes its health, restarts it
/// with backoff when it dies, and stops it on request (signal, then kill after a grace period).
/// </summary>
internal sealed class ExecutableInstance(
    ExecutableResource resource, int replica, RunContext run, RunLedger ledger, ILogger logger)
    : ResourceInstance(resource, replica, resource.Replicas)
{
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private Process? _process;
    private bool _desiredRunning = true;
    private bool _exitExpected;
    private int _consecutiveCrashes;
    private DateTimeOffset? _healthySince;
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _exitHandled = NewSignal();

    public ExecutableResource Executable => resource;

    public int Port => resource.Ports[Replica];

    public override IReadOnlyList<string> Endpoints =>
        resource is IResourceWithServiceDiscovery ? [$"http://localhost:{Port}"] : [$"tcp://127.0.0.1:{Port}"];

    internal override bool CanStart => State is ResourceStates.Exited or ResourceStates.FailedToStart && _process is null;

    internal override bool CanStop => State is ResourceStates.Running or ResourceStates.Starting && _process is not null;

    public async Task RunAsync(Func<CancellationToken, Task> waitForDependencies, Func<CancellationToken, Task> prepare, CancellationToken appStopping)
    {
        try
        {
            SetState(ResourceStates.Waiting);
            await waitForDependencies(appStopping);
            SetState(ResourceStates.Starting);
            await prepare(appStopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex)
        {
            FailToStart(ex);
            return;
        }

        while (!appStopping.IsCancellationRequested)
        {
            // Read the signal before the state it guards, so a Start() in between is never missed.
            var wake = Volatile.Read(ref _wake);
            if (!Volatile.Read(ref _desiredRunning))
            {
                await WaitForWakeAsync(wake, Timeout.InfiniteTimeSpan, appStopping);
                continue;
            }

            Process process;
            try
            {
                SetState(ResourceStates.Starting);
                process = ProcessLauncher.Start(resource.CreateCommand(run, Replica), Log);
            }
            catch (Exception ex)
            {
                FailToStart(ex);
                Volatile.Write(ref _desiredRunning, false);
                continue;
            }

            lock (_gate)
            {
                _exitHandled = NewSignal();
                _process = process;
                Pid = process.Id;
                StartedAt = DateTimeOffset.UtcNow;
                ExitCode = null;
                _healthySince = null;
            }
            ledger.Add(process.Id, Id);
            SetState(ResourceStates.Running);

            using (var probing = CancellationTokenSource.CreateLinkedTokenSource(appStopping))
            {
                var healthProbe = ProbeHealthAsync(probing.Token);
                await process.WaitForExitAsync(CancellationToken.None);
                await probing.CancelAsync();
                await healthProbe;
            }

            bool expected;
            lock (_gate)
            {
                expected = _exitExpected;
                _exitExpected = false;
                _process = null;
                Pid = null;
                ExitCode = process.ExitCode;
            }
            ledger.Remove(process.Id);
            process.Dispose();
            SetState(ResourceStates.Exited);
            _exitHandled.TrySetResult();

            if (expected || appStopping.IsCancellationRequested)
            {
                continue;
            }

            wake = Volatile.Read(ref _wake);
            var stable = _healthySince is { } since && DateTimeOffset.UtcNow - since > StableAfter;
            _consecutiveCrashes = stable ? 1 : _consecutiveCrashes + 1;
            Restarts++;
            var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, _consecutiveCrashes - 1)));
            Log.Append("apphost", $"Exited unexpectedly with code {ExitCode}; restart {Restarts} in {delay.TotalSeconds:0} s.");
            logger.LogWarning("{Resource} exited unexpectedly with code {ExitCode}; restart {Restarts} in {Delay} s.", Id, ExitCode, Restarts, delay.TotalSeconds);
            Changed();
            await WaitForWakeAsync(wake, delay, appStopping);
        }
    }

    /// <summary>Stops the process: the resource's stop signal, then SIGKILL after the grace period.</summary>
    /// <param name="keepStopped">True for a user's stop: no restart until started again.</param>
    public async Task StopAsync(bool keepStopped)
    {
        Process? process;
        Task exitHandled;
        lock (_gate)
        {
            if (keepStopped)
            {
                _desiredRunning = false;
            }
            process = _process;
            exitHandled = _exitHandled.Task;
            if (process is not null)
            {
                _exitExpected = true;
            }
        }
        Wake();
        if (process is null || process.HasExited)
        {
            return;
        }

        SetState(ResourceStates.Stopping, Health);
        ProcessSignals.Send(process.Id, resource.StopSignal);
        using var grace = new CancellationTokenSource(StopGracePeriod);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Log.Append("apphost", $"Did not stop within {StopGracePeriod.TotalSeconds:0} s; killing it.");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        // Return once the supervisor has recorded the exit, so callers see the final state.
        await exitHandled;
    }

    public void Start()
    {
        Volatile.Write(ref _desiredRunning, true);
        Wake();
    }

    /// <summary>Last resort when the AppHost itself is going down hard: no process may outlive it.</summary>
    public void Kill()
    {
        var process = _process;
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task ProbeHealthAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            bool healthy;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                healthy = await resource.CheckHealthAsync(run, Replica, timeout.Token);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                healthy = false;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (State == ResourceStates.Running)
            {
                if (healthy && _healthySince is null)
                {
                    _healthySince = DateTimeOffset.UtcNow;
                }
                SetHealth(healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy);
            }

            // Probe fast while starting so dependents start as soon as possible, then settle down.
            var interval = Health == HealthStatus.Healthy ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(200);
            try
            {
                await Task.Delay(interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void FailToStart(Exception ex)
    {
        Log.Append("apphost", $"Failed to start: {ex.Message}");
        logger.LogError("{Resource} failed to start: {Reason}", Id, ex.Message);
        SetState(ResourceStates.FailedToStart);
    }

    private void Wake() => Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();

    private static async Task WaitForWakeAsync(TaskCompletionSource wake, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await wake.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Woken by time or by shutdown: the loop re-reads what it should do.
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
