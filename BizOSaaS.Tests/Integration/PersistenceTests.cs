using System.Net.Http.Json;
using BizOSaaS.Hosting;
using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Orchestration;
using BizOSaaS.Hosting.Postgres;
using BizOSaaS.Hosting.Testing;
using BizOSaaS.Tests.Support;

namespace BizOSaaS.Tests.Integration;

/// <summary>Two runs of the AppHost on one data folder: what the first wrote, the second reads.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly TestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_second_run_keeps_the_data_of_the_first_and_a_stop_leaves_no_process()
    {
        var first = await RunCrmOnceAsync();
        var second = await RunCrmOnceAsync();

        // Each run starts both crm replicas, and each records its start.
        Assert.Equal(first.Total + 2, second.Total);
        Assert.Contains(second.Recent, s => s.Id == first.Recent[0].Id && s.StartedAt == first.Recent[0].StartedAt);
    }

    [Fact]
    public async Task A_PostgreSQL_server_left_running_on_the_data_folder_is_stopped_and_replaced()
    {
        // Run 1 creates the cluster; then a postmaster is started on it behind the AppHost's back,
        // as a killed AppHost would leave it (and with no run ledger to find it by).
        await using (var first = NewPostgresOnly().BuildForTesting())
        {
            await first.StartAsync();
            await first.WaitForHealthyAsync("postgres");
        }
        var stale = NewPostgresOnly();
        stale.AssignPorts();
        var server = stale.Resources.OfType<PostgresServerResource>().Single();
        var run = new RunContext(stale.Options);
        using var leftover = ProcessLauncher.Start(server.CreateCommand(run, 0), new ResourceLog());
        try
        {
            await Eventually.HoldsAsync(() => File.Exists(Path.Combine(server.DataDirectory(run), "postmaster.pid")), "the stale postmaster runs");

            await using var second = NewPostgresOnly().BuildForTesting();
            await second.StartAsync();
            using var timeout = new CancellationTokenSource(PlatformFixture.StartTimeout);
            await second.WaitForHealthyAsync("postgres", timeout.Token);

            Assert.True(leftover.HasExited);
            Assert.NotEqual(leftover.Id, second.ResourceNotifications.Instances.Single(i => i.Id == "postgres").Pid);
        }
        finally
        {
            if (!leftover.HasExited)
            {
                leftover.Kill();
            }
        }
    }

    private DistributedApplicationBuilder NewPostgresOnly()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>().WithResourcesFor("postgres");
        builder.Options.DataDirectory = _data.Path;
        builder.Options.DeleteDataDirectoryOnDispose = false;
        return builder;
    }

    /// <summary>Starts crm with what it depends on (PostgreSQL, Redis), reads its start history, stops everything.</summary>
    private async Task<ServiceStarts> RunCrmOnceAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>().WithResourcesFor("crm");
        builder.Options.DataDirectory = _data.Path;
        builder.Options.DeleteDataDirectoryOnDispose = false;
        var app = builder.BuildForTesting();
        ServiceStarts starts;
        List<int> pids;
        try
        {
            await app.StartAsync();
            using var timeout = new CancellationTokenSource(PlatformFixture.StartTimeout);
            await app.WaitForHealthyAsync("crm", timeout.Token);
            Assert.DoesNotContain(app.ResourceNotifications.Instances, i => i.Resource.Name is "hub" or "portal");

            using var crm = app.CreateHttpClient("crm");
            starts = (await crm.GetFromJsonAsync<ServiceStarts>("/api/starts"))!;
            pids = app.ResourceNotifications.Instances.Where(i => i.Pid is not null).Select(i => i.Pid!.Value).ToList();
        }
        finally
        {
            await app.DisposeAsync();
        }

        // PostgreSQL, Redis and the two crm replicas.
        Assert.Equal(4, pids.Count);
        Assert.All(pids, pid => Assert.False(ProcessSignals.IsAlive(pid), $"pid {pid} is still running after the AppHost stopped"));
        return starts;
    }

    private sealed record ServiceStarts(long Total, List<ServiceStart> Recent);

    private sealed record ServiceStart(long Id, string ServiceName, DateTimeOffset StartedAt);
}
