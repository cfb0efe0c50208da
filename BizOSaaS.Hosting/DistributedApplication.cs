using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Dashboard;
using BizOSaaS.Hosting.Orchestration;
using BizOSaaS.Hosting.Projects;
using BizOSaaS.Hosting.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Hosting;

/// <summary>The running application graph, as Aspire's <c>DistributedApplication</c>: orchestrator plus dashboard.</summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly IReadOnlyList<Resource> _resources;
    private readonly Orchestrator _orchestrator;
    private FileStream? _lock;
    private bool _started;

    internal DistributedApplication(DistributedApplicationOptions options, IReadOnlyList<Resource> resources)
    {
        Options = options;
        _resources = resources;
        Context = new RunContext(options);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenLocalhost(options.DashboardPort);
            kestrel.ListenLocalhost(options.OtlpGrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.ListenLocalhost(options.OtlpHttpPort);
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("BizOSaaS", LogLevel.Information);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));

        var ledger = new RunLedger(Context.DataDirectory);
        builder.Services.AddSingleton(Context);
        builder.Services.AddSingleton(ledger);
        builder.Services.AddSingleton(resources);
        builder.Services.AddSingleton<Orchestrator>();
        builder.Services.AddSingleton<OtlpReceiver>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Orchestrator>());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Orchestrator>().Notifications);

        _host = builder.Build();
        _host.MapDashboard(options);
        _orchestrator = _host.Services.GetRequiredService<Orchestrator>();
        ResourceNotifications = _orchestrator.Notifications;
        // However the AppHost ends, no process it started may outlive it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _orchestrator.KillAll();
    }

    public DistributedApplicationOptions Options { get; }

    public RunContext Context { get; }

    public ResourceNotificationService ResourceNotifications { get; }

    public Uri DashboardUrl => new($"http://localhost:{Options.DashboardPort}");

    public IServiceProvider Services => _host.Services;

    /// <summary>Aspire's entry point: the AppHost's Program calls this first.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static DistributedApplicationBuilder CreateBuilder(string[] args) =>
        new(args, Assembly.GetCallingAssembly(), testing: TestingHook.Current is not null);

    /// <summary>Runs until Ctrl+C or SIGTERM; a missing prerequisite prints one line and exits with code 2.</summary>
    public void Run()
    {
        try
        {
            StartAsync().GetAwaiter().GetResult();
            _host.WaitForShutdownAsync().GetAwaiter().GetResult();
        }
        catch (PrerequisiteMissingException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            Environment.ExitCode = 2;
        }
        finally
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await PreflightAsync();
        _started = true;
        await _host.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken = default) =>
        _started ? _host.StopAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Completes when every instance of the resource reports healthy.</summary>
    public Task WaitForHealthyAsync(string resourceName, CancellationToken cancellationToken = default) =>
        ResourceNotifications.WaitForResourceHealthyAsync(resourceName, cancellationToken);

    /// <summary>An HttpClient addressed to a project's replica, as Aspire.Hosting.Testing's CreateHttpClient.</summary>
    public HttpClient CreateHttpClient(string resourceName, int replica = 0)
    {
        var project = _resources.OfType<ProjectResource>().SingleOrDefault(p => p.Name == resourceName)
            ?? throw new ArgumentException($"There is no project named '{resourceName}'.", nameof(resourceName));
        return new HttpClient { BaseAddress = project.HttpEndpoints[replica] };
    }

    /// <summary>The connection string a dependent would receive for <paramref name="resourceName"/>.</summary>
    public string? GetConnectionString(string resourceName) =>
        _resources.OfType<IResourceWithConnectionString>()
            .FirstOrDefault(r => r.Name == resourceName)?
            .GetConnectionStrings(Context).First().Value;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _host.DisposeAsync();
        // Only the AppHost holding the folder's lock may delete it: a refused second one must not.
        var ownedDataDirectory = _lock is not null;
        _lock?.Dispose();
        _lock = null;
        if (ownedDataDirectory && Options.DeleteDataDirectoryOnDispose && Directory.Exists(Context.DataDirectory))
        {
            Directory.Delete(Context.DataDirectory, recursive: true);
        }
    }

    /// <summary>Everything that would make the start fail half-way, checked first and reported as one line each.</summary>
    private async Task PreflightAsync()
    {
        var lockPath = Path.Combine(Context.DataDirectory, "apphost.lock");
        try
        {
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new PrerequisiteMissingException(
                $"another BizOSaaS AppHost is already running on the data folder {Context.DataDirectory}; stop it first (Ctrl+C in its terminal).");
        }

        var logger = _host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Orchestrator.LogCategory);
        foreach (var leftover in await _host.Services.GetRequiredService<RunLedger>().StopLeftoversAsync())
        {
            logger.LogWarning("Stopped {Process}, left running by an earlier AppHost that did not shut down cleanly.", leftover);
        }
        foreach (var resource in _resources.OfType<ExecutableResource>())
        {
            if (await resource.StopStaleServerAsync(Context) is { } stopped)
            {
                logger.LogWarning("{Stopped}", stopped);
            }
        }

        var problems = _resources.OfType<ExecutableResource>()
            .SelectMany(r => r.Prerequisites)
            .DistinctBy(p => p.What)
            .Where(p => !p.IsPresent())
            .Select(p => $"{p.What} is missing; {p.Remedy}.")
            .ToList();

        var ports = _resources.OfType<ExecutableResource>()
            .SelectMany(r => r.Ports.Select(port => (Name: r.Name, Port: port, Hint: $"--Ports:{r.Name}=NNNN")))
            .Prepend(("dashboard OTLP/HTTP", Options.OtlpHttpPort, "--OtlpHttpPort=NNNN"))
            .Prepend(("dashboard OTLP/gRPC", Options.OtlpGrpcPort, "--OtlpGrpcPort=NNNN"))
            .Prepend(("dashboard", Options.DashboardPort, "--DashboardPort=NNNN"));
        foreach (var (name, port, hint) in ports)
        {
            if (!IsPortFree(port))
            {
                problems.Add($"port {port} ({name}) is in use by another program; stop it (`ss -ltnp 'sport = :{port}'` shows which) or choose another port with {hint}.");
            }
        }

        if (problems.Count > 0)
        {
            throw new PrerequisiteMissingException(string.Join(Environment.NewLine + "error: ", problems));
        }
    }

    private static bool IsPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
