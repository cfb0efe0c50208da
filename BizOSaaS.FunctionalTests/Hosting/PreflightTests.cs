using System.Net;
using System.Net.Sockets;

namespace BizOSaaS.FunctionalTests.Hosting;

/// <summary>What would make a start fail half-way is found before anything starts, one line each, never a stack trace.</summary>
public sealed class PreflightTests : IDisposable
{
    private readonly TestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_busy_port_and_an_unbuilt_project_are_each_one_line_and_nothing_starts()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var graph = SmallGraph.Create(_data.Path, "--DcpPublisher:RandomizePorts=false");
        graph.Builder.AddExecutable("worker", "/bin/sh", _data.Path, "-c", "exec sleep 300")
            .WithHttpEndpoint(port: taken, targetPort: taken, isProxied: false);
        // A project that exists but was never built.
        var ghost = Path.Combine(_data.Path, "BizOSaaS.Ghost", "BizOSaaS.Ghost.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(ghost)!);
        await File.WriteAllTextAsync(ghost, "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
        graph.Builder.AddProject("ghost", ghost);

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(graph.StartAsync);

        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith($"error: port {taken} (worker) is in use", StringComparison.Ordinal) && l.Contains("--Ports:worker="));
        Assert.Contains(lines, l => l.StartsWith("error: ghost is not built", StringComparison.Ordinal) && l.Contains("dotnet build"));
        Assert.Empty(graph.Resources?.Replicas("worker") ?? []);
    }

    [Fact]
    public async Task A_second_AppHost_on_the_same_data_folder_is_refused()
    {
        await using var first = SmallGraph.Create(_data.Path);
        first.Builder.AddExecutable("worker", "/bin/sh", _data.Path, "-c", "exec sleep 300");
        await first.StartAsync();

        await using var second = SmallGraph.Create(_data.Path);
        second.Builder.AddExecutable("worker", "/bin/sh", _data.Path, "-c", "exec sleep 300");
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(second.StartAsync);

        Assert.Contains("another BizOSaaS AppHost is running on the data folder", error.Message);
    }

    /// <summary>The AppHost's own process, as ./start.sh runs it: exit code 2 and one line on stderr.</summary>
    [Fact]
    public async Task The_AppHost_given_a_busy_port_exits_2_with_one_line_and_no_stack_trace()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var run = await AppHostProcess.RunAsync(
            $"--DataDirectory={_data.Path}", $"--Ports:hub={taken}",
            $"--ASPNETCORE_URLS=http://localhost:{FreePorts.Next()}",
            $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{FreePorts.Next()}",
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:{FreePorts.Next()}",
            $"--Ports:postgres={FreePorts.Next()}", $"--Ports:cache={FreePorts.Next()}", $"--Ports:crm={FreePorts.Next()}",
            $"--Ports:commerce={FreePorts.Next()}", $"--Ports:directory={FreePorts.Next()}", $"--Ports:portal={FreePorts.Next()}",
            $"--Ports:admin={FreePorts.Next()}");

        Assert.Equal(2, run.ExitCode);
        var errors = run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"error: port {taken} (hub) is in use by another program; stop it (`ss -ltnp 'sport = :{taken}'` shows which) or move it with --Ports:hub=NNNN."], errors);
        Assert.DoesNotContain("   at ", run.Output);
    }
}
