using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting.DataFolder;
using BizOSaaS.Hosting.Postgres;
using BizOSaaS.Hosting.Projects;
using BizOSaaS.Hosting.Redis;
using Microsoft.Extensions.Configuration;

namespace BizOSaaS.Hosting.Supervision;

/// <summary>
/// What would make a local run fail half-way, checked before anything starts: the programs it runs are
/// installed and built, its fixed ports are free, and no other AppHost uses its data folder. Each problem is one
/// line saying what to do; the AppHost then exits with code 2 and no stack trace.
/// </summary>
internal sealed class Preflight(IDistributedApplicationBuilder builder, DistributedApplicationModel model, PlatformDataFolder dataFolder)
{
    public const int ExitCode = 2;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (model.Resources.OfType<LocalPostgresServerResource>().Any())
        {
            if (PostgresBinaries.BinDirectory is null)
            {
                problems.Add("PostgreSQL's server is not installed (/usr/lib/postgresql/15/bin/postgres); install it with: sudo apt-get install -y postgresql");
            }
            else if (LocalProcesses.IsRoot && !PostgresBinaries.SystemUserExists)
            {
                problems.Add("the 'postgres' system user is missing (PostgreSQL refuses to run as root); install Debian's postgresql package, which creates it");
            }
        }
        if (model.Resources.OfType<LocalRedisResource>().Any() && !RedisBinaries.IsInstalled)
        {
            problems.Add("redis-server is not installed; install it with: sudo apt-get install -y redis-server");
        }
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            var output = BuiltOutput.Of(project, builder.AppHostAssembly);
            if (!File.Exists(output))
            {
                problems.Add($"{project.Name} is not built ({output} is missing); build it with: dotnet build {builder.AppHostDirectory}");
            }
        }
        problems.AddRange(PortsInUse());
        if (LockDataFolder() is { } locked)
        {
            problems.Add(locked);
        }
        return problems;
    }

    private IEnumerable<string> PortsInUse()
    {
        var fixedPorts = LocalRun.UsesRandomPorts(builder) ? [] : model.Resources
            .SelectMany(r => r.Annotations.OfType<EndpointAnnotation>().Select(e => (Owner: r.Name, e.Port)))
            .Where(p => p.Port is > 0)
            .Select(p => (p.Owner, Port: p.Port!.Value, Option: $"--Ports:{p.Owner}=NNNN"));
        var dashboard = DashboardPorts();
        foreach (var (owner, port, option) in fixedPorts.Concat(dashboard).DistinctBy(p => p.Port))
        {
            if (!IsFree(port))
            {
                yield return $"port {port} ({owner}) is in use by another program; stop it (`ss -ltnp 'sport = :{port}'` shows which) or move it with {option}";
            }
        }
    }

    private IEnumerable<(string Owner, int Port, string Option)> DashboardPorts()
    {
        foreach (var (key, owner) in new[] { ("ASPNETCORE_URLS", "dashboard"), ("ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "dashboard OTLP/gRPC"), ("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "dashboard OTLP/HTTP") })
        {
            if (builder.Configuration[key] is { } urls
                && urls.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } url
                && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0)
            {
                yield return (owner, uri.Port, $"--{key}=http://localhost:NNNN");
            }
        }
    }

    private string? LockDataFolder() =>
        dataFolder.TryLock() ? null
            : $"another BizOSaaS AppHost is running on the data folder {dataFolder.Path}; stop it first (Ctrl+C in its terminal) or choose another folder with --DataDirectory=PATH";

    private static bool IsFree(int port)
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
