using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace BizOSaaS.Hosting.Supervision;

/// <summary>
/// A watcher of the run that starts before Aspire's orchestrator does: the orchestrator's start only completes once
/// every resource has been created, waits included, and a failure or a crash during that time is exactly what the
/// restart policy and the startup failure watch are for. (A BackgroundService would start after it.)
/// </summary>
internal abstract class RunWatcher : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _watching = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task StoppingAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _watching.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    protected abstract Task WatchAsync(CancellationToken stoppingToken);

    /// <summary>Whether a replica's process has ended (a job finished, or a process exited), whatever its exit code.</summary>
    protected static bool HasExited(string? state) => state == KnownResourceStates.Finished || state == KnownResourceStates.Exited;
}
