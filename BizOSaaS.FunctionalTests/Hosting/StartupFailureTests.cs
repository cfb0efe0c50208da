using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace BizOSaaS.FunctionalTests.Hosting;

/// <summary>
/// Failing fast where Aspire waits forever: a resource that cannot start fails what waits on it, with a line naming
/// the cause in each one's console log, and stops the run with exit code 1. (No other test reads the exit code these
/// runs set, so they run alongside the others.)
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly TestDirectory _data = new();

    public void Dispose()
    {
        // The run set the process's exit code as the AppHost's own process would; this test host must not keep it.
        Environment.ExitCode = 0;
        _data.Dispose();
    }

    [Fact]
    public async Task A_process_that_keeps_crashing_before_it_is_healthy_fails_what_waits_on_it_and_stops_the_run()
    {
        await using var graph = SmallGraph.Create(_data.Path);
        // It runs a moment before it crashes, and is never healthy: what waits for it is still waiting when it gives up.
        graph.Builder.Services.AddHealthChecks().AddCheck("never-healthy", () => HealthCheckResult.Unhealthy("not yet"));
        var broken = graph.Builder.AddExecutable("broken", "/bin/sh", _data.Path, "-c", "sleep 0.5; echo 'cannot open the ledger' >&2; exit 3")
            .WithHealthCheck("never-healthy")
            .WithAnnotation(new RestartPolicyAnnotation { MaxCrashesBeforeHealthy = 2 });
        graph.Builder.AddExecutable("dependent", "/bin/sh", _data.Path, "-c", "exec sleep 300").WaitFor(broken);
        var app = await graph.StartUntilItStopsItselfAsync();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();

        await Eventually.HoldsAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the run stops");

        Assert.Equal(StartupFailureWatch.ExitCode, Environment.ExitCode);
        var dependentLog = await LogOfAsync(app, graph.Resources.Replicas("dependent").Single().ResourceId);
        Assert.Contains(dependentLog, line => line.Contains("Not started") && line.Contains("broken") && line.Contains("cannot open the ledger"));
        Assert.Equal(1, graph.Resources.Replicas("broken").Single().Restarts());
    }

    [Fact]
    public async Task A_job_that_exits_with_an_error_fails_what_waits_for_its_completion_naming_its_last_error()
    {
        await using var graph = SmallGraph.Create(_data.Path);
        var migrations = graph.Builder.AddExecutable("migrations", "/bin/sh", _data.Path, "-c", "echo 'relation \"leads\" already exists' >&2; exit 1");
        graph.Builder.AddExecutable("service", "/bin/sh", _data.Path, "-c", "exec sleep 300").WaitForCompletion(migrations);
        var app = await graph.StartUntilItStopsItselfAsync();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();

        await Eventually.HoldsAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the run stops");

        Assert.Equal(StartupFailureWatch.ExitCode, Environment.ExitCode);
        var serviceLog = await LogOfAsync(app, graph.Resources.Replicas("service").Single().ResourceId);
        Assert.Contains(serviceLog, line => line.Contains("Not started") && line.Contains("migrations") && line.Contains("exited with code 1")
            && line.Contains("relation \"leads\" already exists"));
    }

    private static async Task<List<string>> LogOfAsync(DistributedApplication app, string resourceId)
    {
        var lines = new List<string>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resourceId))
        {
            lines.AddRange(batch.Select(l => l.Content));
        }
        return lines;
    }
}
