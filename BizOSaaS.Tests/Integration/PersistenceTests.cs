using System.Net.Http.Json;
using BizOSaaS.Hosting.ApplicationModel;
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

        Assert.Equal(first.Total + 1, second.Total);
        Assert.Contains(second.Recent, s => s.Id == first.Recent[0].Id && s.StartedAt == first.Recent[0].StartedAt);
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

        Assert.Equal(3, pids.Count);
        Assert.All(pids, pid => Assert.False(ProcessSignals.IsAlive(pid), $"pid {pid} is still running after the AppHost stopped"));
        return starts;
    }

    private sealed record ServiceStarts(long Total, List<ServiceStart> Recent);

    private sealed record ServiceStart(long Id, string ServiceName, DateTimeOffset StartedAt);
}
