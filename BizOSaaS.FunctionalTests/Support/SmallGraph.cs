using System.Reflection;
using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BizOSaaS.FunctionalTests.Support;

/// <summary>
/// A graph of a few resources with our hosting integration, started through Aspire.Hosting.Testing on free ports
/// with its own data folder: the integration's own behaviour (restarts, failing fast, the preflight, PostgreSQL
/// and Redis from Debian's binaries) tested without the whole platform.
/// </summary>
public sealed class SmallGraph : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private DistributedApplication? _app;

    private SmallGraph(IDistributedApplicationTestingBuilder builder, string dataDirectory)
    {
        Builder = builder;
        DataDirectory = dataDirectory;
    }

    public IDistributedApplicationTestingBuilder Builder { get; }

    public string DataDirectory { get; }

    public DistributedApplication App => _app ?? throw new InvalidOperationException("Start the graph first.");

    public ResourceWatch Resources { get; private set; } = null!;

    /// <summary>A builder with the local-run supervision; <paramref name="args"/> as the AppHost would receive them.</summary>
    public static SmallGraph Create(string dataDirectory, params string[] args)
    {
        var builder = DistributedApplicationTestingBuilder.Create([$"--DataDirectory={dataDirectory}", "--ThrowawayData=true", .. args]);
        builder.AddLocalRunSupervision();
        return new SmallGraph(builder, dataDirectory);
    }

    /// <summary>The repository's folder, where the services' projects are.</summary>
    public static string RepositoryDirectory => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));

    /// <summary>The AppHost's project folder, where it reads its appsettings.json when run as ./start.sh runs it.</summary>
    public static string AppHostDirectory => Path.Combine(RepositoryDirectory, "BizOSaaS.AppHost");

    /// <summary>The AppHost's built program, of this build's configuration.</summary>
    public static string AppHostProgram =>
        Path.Combine(AppHostDirectory, "bin", typeof(SmallGraph).Assembly.GetCustomAttribute<System.Reflection.AssemblyConfigurationAttribute>()!.Configuration,
            "net10.0", "BizOSaaS.AppHost.dll");

    public async Task<DistributedApplication> StartAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        _app = await Builder.BuildAsync(timeout.Token);
        Resources = ResourceWatch.Start(_app);
        await _app.StartAsync(timeout.Token);
        return _app;
    }

    /// <summary>Starts a graph that is expected to fail fast: its start ends when the run stops itself.</summary>
    public async Task<DistributedApplication> StartUntilItStopsItselfAsync()
    {
        try
        {
            return await StartAsync();
        }
        catch (OperationCanceledException) when (_app?.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested == true)
        {
            return _app;
        }
    }

    public async Task<ResourceEvent> WaitForAsync(string resource, Func<ResourceEvent, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await App.ResourceNotifications.WaitForResourceAsync(resource, condition, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            Resources.StopExpectingExits();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        else
        {
            await Builder.DisposeAsync();
        }
    }
}

/// <summary>The crm project, for graphs that run its migration run without the rest of the platform.</summary>
public sealed class CrmProject : IProjectMetadata
{
    public string ProjectPath => Path.Combine(SmallGraph.RepositoryDirectory, "BizOSaaS.Crm", "BizOSaaS.Crm.csproj");
}
