using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BizOSaaS.Hosting;
using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Orchestration;
using BizOSaaS.Hosting.Projects;
using BizOSaaS.Hosting.Testing;
using BizOSaaS.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BizOSaaS.Tests.Unit;

/// <summary>WaitFor, supervision and shutdown, on real processes whose health the test controls.</summary>
public sealed class OrchestrationTests : IDisposable
{
    private readonly TestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private DistributedApplicationBuilder NewBuilder()
    {
        var builder = new DistributedApplicationBuilder([], typeof(OrchestrationTests).Assembly, testing: true);
        builder.Options.DataDirectory = Path.Combine(_data.Path, "data");
        return builder;
    }

    private static ResourceInstance Instance(DistributedApplication app, string id) =>
        app.ResourceNotifications.Instances.Single(i => i.Id == id);

    [Fact]
    public async Task A_resource_starts_only_once_what_it_waits_for_is_healthy()
    {
        var builder = NewBuilder();
        var database = builder.AddResource(new ShellResource("database", _data.Path));
        var service = builder.AddResource(new ShellResource("service", _data.Path)).WaitFor(database);
        var web = builder.AddResource(new ShellResource("web", _data.Path)).WaitFor(service);
        await using var app = builder.BuildForTesting();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceAsync("database", ResourceStates.Running, timeout.Token);
        Assert.Equal(ResourceStates.Waiting, Instance(app, "service").State);
        Assert.Null(Instance(app, "service").Pid);
        Assert.Equal(ResourceStates.Waiting, Instance(app, "web").State);

        database.Resource.BecomeHealthy();
        await app.ResourceNotifications.WaitForResourceAsync("service", ResourceStates.Running, timeout.Token);
        Assert.True(app.ResourceNotifications.IsHealthy("database"));
        Assert.Equal(ResourceStates.Waiting, Instance(app, "web").State);

        service.Resource.BecomeHealthy();
        web.Resource.BecomeHealthy();
        await app.WaitForHealthyAsync("web", timeout.Token);
        Assert.True(Instance(app, "service").StartedAt <= Instance(app, "web").StartedAt);
    }

    [Fact]
    public async Task A_killed_process_is_restarted_and_counted_and_stopping_leaves_no_process()
    {
        var builder = NewBuilder();
        var worker = builder.AddResource(new ShellResource("worker", _data.Path)).WithReplicas(2);
        worker.Resource.BecomeHealthy();
        var app = builder.BuildForTesting();
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.WaitForHealthyAsync("worker", timeout.Token);

        var victim = Instance(app, "worker-1");
        var killedPid = victim.Pid!.Value;
        Process.GetProcessById(killedPid).Kill();

        await Eventually.HoldsAsync(() => victim.Restarts == 1 && victim.Pid is { } pid && pid != killedPid
            && victim.Health == HealthStatus.Healthy, "worker-1 is restarted and healthy again");
        Assert.Equal(0, Instance(app, "worker-0").Restarts);
        Assert.Contains(victim.Log.Read(0), line => line.Text.Contains("Exited unexpectedly"));

        var pids = app.ResourceNotifications.Instances.Select(i => i.Pid!.Value).ToList();
        await app.DisposeAsync();
        Assert.All(pids, pid => Assert.False(ProcessSignals.IsAlive(pid), $"pid {pid} outlived the AppHost"));
    }

    [Fact]
    public async Task A_stopped_resource_stays_stopped_until_started_again()
    {
        var builder = NewBuilder();
        var worker = builder.AddResource(new ShellResource("worker", _data.Path));
        worker.Resource.BecomeHealthy();
        await using var app = builder.BuildForTesting();
        await app.StartAsync();
        await app.WaitForHealthyAsync("worker");
        var orchestrator = app.Services.GetRequiredService<Orchestrator>();

        Assert.True(await orchestrator.ExecuteAsync("worker", "stop"));
        Assert.Equal(ResourceStates.Exited, Instance(app, "worker").State);
        Assert.Equal(0, Instance(app, "worker").Restarts);

        Assert.True(await orchestrator.ExecuteAsync("worker", "start"));
        await app.WaitForHealthyAsync("worker");
        Assert.Equal(0, Instance(app, "worker").Restarts);
    }

    [Fact]
    public void The_platform_stops_in_reverse_dependency_order()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        builder.AssignPorts();
        var resources = builder.Resources;
        var orchestrator = new Orchestrator(resources, new RunContext(builder.Options), new RunLedger(_data.Path),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        var order = orchestrator.StopOrder().Select(level => level.Select(i => i.Resource.Name).ToHashSet()).ToList();
        int LevelOf(string name) => order.FindIndex(level => level.Contains(name));

        Assert.True(LevelOf("portal") < LevelOf("hub"));
        Assert.Equal(LevelOf("portal"), LevelOf("admin"));
        Assert.True(LevelOf("hub") < LevelOf("crm"));
        Assert.True(LevelOf("crm") < LevelOf("postgres"));
        Assert.Equal(order.Count - 1, LevelOf("postgres"));
        Assert.Equal(order.Count - 1, LevelOf("cache"));
    }

    [Fact]
    public async Task A_port_in_use_is_reported_in_one_line_before_anything_starts()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = NewBuilder();
        builder.Options.UseRandomPorts = false;
        builder.AddResource(new ShellResource("worker", _data.Path) { DeclaredPort = taken });
        builder.Options.DashboardPort = DistributedApplicationBuilder.FreePort();
        builder.Options.OtlpGrpcPort = DistributedApplicationBuilder.FreePort();
        builder.Options.OtlpHttpPort = DistributedApplicationBuilder.FreePort();
        await using var app = builder.BuildCore();

        var error = await Assert.ThrowsAsync<PrerequisiteMissingException>(() => app.StartAsync());

        Assert.Contains($"port {taken} (worker) is in use", error.Message);
        Assert.Contains("--Ports:worker=", error.Message);
        Assert.DoesNotContain(Environment.NewLine, error.Message);
    }

    [Fact]
    public async Task A_project_that_is_not_built_is_reported_with_the_command_that_builds_it()
    {
        var builder = NewBuilder();
        builder.AddProject("ghost", Path.Combine(_data.Path, "BizOSaaS.Ghost", "BizOSaaS.Ghost.csproj"));
        await using var app = builder.BuildForTesting();

        var error = await Assert.ThrowsAsync<PrerequisiteMissingException>(() => app.StartAsync());

        Assert.Contains("BizOSaaS.Ghost", error.Message);
        Assert.Contains("dotnet build", error.Message);
    }

    [Fact]
    public async Task A_second_AppHost_on_the_same_data_folder_is_refused()
    {
        var first = NewBuilder();
        first.AddResource(new ShellResource("worker", _data.Path));
        await using var running = first.BuildForTesting();
        await running.StartAsync();

        var second = NewBuilder();
        second.AddResource(new ShellResource("worker", _data.Path));
        await using var refused = second.BuildForTesting();

        var error = await Assert.ThrowsAsync<PrerequisiteMissingException>(() => refused.StartAsync());
        Assert.Contains("already running", error.Message);
    }

    [Fact]
    public async Task Processes_left_by_a_killed_AppHost_are_stopped_by_the_next_run()
    {
        using var leftover = Process.Start(new ProcessStartInfo("/bin/sleep", "300"))!;
        new RunLedger(_data.Path).Add(leftover.Id, "postgres");

        var stopped = await new RunLedger(_data.Path).StopLeftoversAsync();

        Assert.Equal([$"postgres (pid {leftover.Id})"], stopped);
        Assert.True(leftover.WaitForExit(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_recycled_pid_in_the_ledger_is_never_signalled()
    {
        // The ledger names this test process, but with another start time: a pid reused since the killed run.
        await File.WriteAllTextAsync(Path.Combine(_data.Path, "apphost.pids"), $"{Environment.ProcessId} 1 postgres\n");

        var stopped = await new RunLedger(_data.Path).StopLeftoversAsync();

        Assert.Empty(stopped);
    }
}
