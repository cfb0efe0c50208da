using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace BizOSaaS.TestSupport;

/// <summary>
/// Every resource's console log, written as it comes to <c>TestResults/resource-logs/{run}/{replica}.log</c>, so a
/// person reads what each process said after a run, whatever the tests concluded.
/// </summary>
public sealed class ResourceLogFiles : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Task> _followed = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ResourceLoggerService _logs;

    private ResourceLogFiles(DistributedApplication app, string run)
    {
        _logs = app.Services.GetRequiredService<ResourceLoggerService>();
        Directory = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "resource-logs", run);
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        System.IO.Directory.CreateDirectory(Directory);
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in app.ResourceNotifications.WatchAsync(_stop.Token))
                {
                    _ = _followed.GetOrAdd(change.ResourceId, id => Task.Run(() => FollowAsync(id)));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public string Directory { get; }

    public static ResourceLogFiles Start(DistributedApplication app, string run) => new(app, run);

    private async Task FollowAsync(string resourceId)
    {
        await using var file = new StreamWriter(Path.Combine(Directory, resourceId + ".log")) { AutoFlush = true };
        try
        {
            await foreach (var batch in _logs.WatchAsync(resourceId).WithCancellation(_stop.Token))
            {
                foreach (var line in batch)
                {
                    await file.WriteLineAsync(line.IsErrorMessage ? "! " + line.Content : line.Content);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The last lines of a stopped process arrive just after it stops.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _stop.CancelAsync();
        await Task.WhenAll(_followed.Values).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
    }
}
