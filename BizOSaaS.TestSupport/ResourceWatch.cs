using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace BizOSaaS.TestSupport;

/// <summary>
/// Follows every resource of a running application: the latest snapshot of each replica, and every process that
/// ended without being asked to (a crash that the restart policy hides is still a crash). A test that kills a
/// process on purpose says so first (<see cref="Expect"/>); stops through the dashboard's command pass through
/// Stopping and are not crashes; the migration runs are meant to finish.
/// </summary>
public sealed class ResourceWatch
{
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly ConcurrentDictionary<string, byte> _expected = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _stopping;

    public static ResourceWatch Start(DistributedApplication app)
    {
        var watch = new ResourceWatch();
        _ = Task.Run(() => watch.WatchAsync(app.ResourceNotifications));
        return watch;
    }

    public IReadOnlyCollection<string> UnexpectedExits => _unexpected;

    /// <summary>The latest snapshot of each replica of <paramref name="resource"/>, in a stable order (by replica id).</summary>
    public IReadOnlyList<ResourceEvent> Replicas(string resource) =>
        [.. _latest.Values.Where(e => e.Resource.Name == resource).OrderBy(e => e.ResourceId, StringComparer.Ordinal)];

    /// <summary>The next exit of <paramref name="resourceId"/> is the test's own doing.</summary>
    public void Expect(string resourceId) => _expected[resourceId] = 0;

    /// <summary>The application is being stopped: everything may exit from now on.</summary>
    public void StopExpectingExits() => _stopping = true;

    public void AssertNoUnexpectedExit()
    {
        _stop.Cancel();
        if (!_unexpected.IsEmpty)
        {
            throw new InvalidOperationException($"Resources exited unexpectedly during the run: {string.Join("; ", _unexpected)}.");
        }
    }

    private async Task WatchAsync(ResourceNotificationService notifications)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(_stop.Token))
            {
                var previous = _latest.TryGetValue(change.ResourceId, out var before) ? before.Snapshot.State?.Text : null;
                _latest[change.ResourceId] = change;
                var state = change.Snapshot.State?.Text;
                if (state == previous || _stopping || !(state == KnownResourceStates.Finished || state == KnownResourceStates.Exited))
                {
                    continue;
                }
                var job = change.Resource.Name.EndsWith("-migrations", StringComparison.Ordinal);
                if (previous == KnownResourceStates.Running && !(job && change.Snapshot.ExitCode == 0)
                    && !_expected.TryRemove(change.ResourceId, out _))
                {
                    _unexpected.Enqueue($"{change.ResourceId} exited with code {change.Snapshot.ExitCode} at {DateTime.UtcNow:HH:mm:ss}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
