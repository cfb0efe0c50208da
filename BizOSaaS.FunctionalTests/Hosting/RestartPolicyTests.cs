using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Supervision;

namespace BizOSaaS.FunctionalTests.Hosting;

/// <summary>The restart policy Aspire lacks, on real processes: a crash is restarted and counted, a stop is respected.</summary>
public sealed class RestartPolicyTests : IDisposable
{
    private readonly TestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_killed_process_is_restarted_and_counted_and_one_stopped_from_the_dashboard_stays_stopped()
    {
        await using var graph = SmallGraph.Create(_data.Path);
        graph.Builder.AddExecutable("worker", "/bin/sh", _data.Path, "-c", "echo worker started; exec sleep 300")
            .WithAnnotation(new RestartPolicyAnnotation());
        var app = await graph.StartAsync();
        var running = await graph.WaitForAsync("worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Pid() > 0);
        var killed = running.Pid();

        graph.Resources.Expect(running.ResourceId);
        System.Diagnostics.Process.GetProcessById(killed).Kill();

        var restarted = await graph.WaitForAsync("worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Pid() is var pid && pid > 0 && pid != killed);
        await Eventually.HoldsAsync(() => graph.Resources.Replicas("worker").Single().Restarts() == 1, "the dashboard shows one restart");
        Assert.False(System.Diagnostics.Process.GetProcesses().Any(p => p.Id == killed), "the killed process is gone");

        await app.StopReplicaAsync(restarted);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var stopped = graph.Resources.Replicas("worker").Single();
        Assert.Equal(KnownResourceStates.Finished, stopped.Snapshot.State?.Text);
        Assert.Equal(1, stopped.Restarts());
        Assert.Empty(graph.Resources.UnexpectedExits);
    }
}
