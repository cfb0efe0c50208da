using System.Diagnostics;

namespace BizOSaaS.FunctionalTests.Hosting;

/// <summary>
/// Ctrl+C in a terminal: SIGINT to the AppHost's whole process group, as a script that started it with job control
/// sends it. Every process of the run (DCP, the dashboard, PostgreSQL, Redis, the migration runs, every service
/// replica) is gone afterwards.
/// </summary>
[Collection(OneAtATimeCollection.Name)]
public sealed class ShutdownTests : IDisposable
{
    private readonly TestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task SIGINT_to_the_AppHosts_process_group_leaves_no_process_of_the_run()
    {
        // setsid: the AppHost leads a process group of its own, as a job started by a shell with job control does.
        // env --default-signal: SIGINT is handled as in a terminal even when this test run was started in the
        // background of a script, where it is ignored and a child inherits that.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = SmallGraph.AppHostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "env", "--default-signal=INT", "dotnet", SmallGraph.AppHostProgram, $"--DataDirectory={_data.Path}", "--ThrowawayData=true" }.Concat(FreePortArguments()))
        {
            start.ArgumentList.Add(argument);
        }
        using var appHost = Process.Start(start)!;
        var healthy = new TaskCompletionSource();
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        appHost.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (line.Contains("resources are running and healthy"))
                {
                    healthy.TrySetResult();
                }
            }
        };
        appHost.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { output.Enqueue(line); } };
        appHost.BeginOutputReadLine();
        appHost.BeginErrorReadLine();
        IReadOnlyList<int> run = [];
        try
        {
            try
            {
                await healthy.Task.WaitAsync(PlatformFixture.StartTimeout);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"The AppHost did not report every resource healthy: {string.Join(Environment.NewLine, output)}");
            }

            run = ProcessTree.Of(appHost.Id);
            Assert.True(run.Count >= 20, $"the run's processes are found ({run.Count})");
            Assert.Contains(run, pid => ProcessTree.CommandLine(pid)?.Contains("postgres -D " + _data.Path) == true);

            ProcessTree.Signal(-appHost.Id, "INT");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await appHost.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The AppHost did not exit within a minute of SIGINT: {string.Join(Environment.NewLine, output.TakeLast(40))}");
            }
            await Eventually.HoldsAsync(() => run.All(pid => !ProcessTree.IsAlive(pid)), "every process of the run is gone", TimeSpan.FromSeconds(30));
        }
        finally
        {
            // A failed run leaves nothing behind to slow down the tests after it.
            foreach (var pid in run.Concat(appHost.HasExited ? [] : ProcessTree.Of(appHost.Id)).Distinct().Where(ProcessTree.IsAlive))
            {
                ProcessTree.Kill(pid);
            }
        }
    }

    private static IEnumerable<string> FreePortArguments() =>
        new[] { "postgres", "cache", "hub", "crm", "commerce", "directory", "portal", "admin" }.Select(r => $"--Ports:{r}={FreePorts.Next()}")
            .Append($"--ASPNETCORE_URLS=http://localhost:{FreePorts.Next()}")
            .Append($"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{FreePorts.Next()}")
            .Append($"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:{FreePorts.Next()}");
}

/// <summary>
/// Tests that run one at a time, after the others: they run a whole AppHost of their own, which needs both cores
/// while it starts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OneAtATimeCollection
{
    public const string Name = "one at a time";
}
