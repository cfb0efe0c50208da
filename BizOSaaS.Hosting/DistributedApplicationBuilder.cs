using System.Net;
using System.Net.Sockets;
using System.Reflection;
using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Projects;
using BizOSaaS.Hosting.Testing;
using Microsoft.Extensions.Configuration;

namespace BizOSaaS.Hosting;

/// <summary>Declares the application graph, as Aspire's <c>IDistributedApplicationBuilder</c>.</summary>
public sealed class DistributedApplicationBuilder
{
    /// <summary>Assembly metadata the AppHost's build writes: where its project lives, to find the repository's data folder.</summary>
    public const string AppHostDirectoryMetadata = "BizOSaaS.AppHostProjectDirectory";

    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(string[] args, Assembly appHostAssembly, bool testing)
    {
        Configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables("BIZOSAAS_")
            .AddCommandLine(args)
            .Build();

        var appHostDirectory = appHostAssembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == AppHostDirectoryMetadata)?.Value ?? Environment.CurrentDirectory;

        Options = new DistributedApplicationOptions
        {
            DataDirectory = testing
                ? Path.Combine(Path.GetTempPath(), $"bizosaas-test-{Guid.NewGuid():N}")
                : Configuration["DataDirectory"] ?? Path.GetFullPath(Path.Combine(appHostDirectory, "..", ".data")),
            UseRandomPorts = testing,
            IsTesting = testing,
            DeleteDataDirectoryOnDispose = testing,
            BuildConfiguration = ProjectBuilderExtensions.ConfigurationOf(appHostAssembly) ?? "Debug",
        };
        Options.ServiceEnvironment = Configuration["ServiceEnvironment"] ?? Options.ServiceEnvironment;
        if (!testing)
        {
            Options.DashboardPort = Configuration.GetValue("DashboardPort", Options.DashboardPort);
            Options.OtlpGrpcPort = Configuration.GetValue("OtlpGrpcPort", Options.OtlpGrpcPort);
            Options.OtlpHttpPort = Configuration.GetValue("OtlpHttpPort", Options.OtlpHttpPort);
            foreach (var port in Configuration.GetSection("Ports").GetChildren())
            {
                Options.PortOverrides[port.Key] = int.Parse(port.Value!);
            }
        }
    }

    public IConfiguration Configuration { get; }

    public DistributedApplicationOptions Options { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' is already declared.");
        }
        resource.DeclarationIndex = _resources.Count;
        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>
    /// Keeps only <paramref name="resourceNames"/> and everything they depend on (tests that need part of the graph).
    /// </summary>
    public DistributedApplicationBuilder WithResourcesFor(params string[] resourceNames)
    {
        var keep = new HashSet<Resource>();
        var pending = new Stack<Resource>(resourceNames.Select(n => _resources.Single(r => r.Name == n)));
        while (pending.TryPop(out var resource))
        {
            if (keep.Add(resource))
            {
                foreach (var dependency in resource.Dependencies)
                {
                    pending.Push(dependency);
                }
            }
        }
        _resources.RemoveAll(r => !keep.Contains(r));
        return this;
    }

    /// <summary>Builds the application; under the testing builder, hands the declared graph to the test instead.</summary>
    public DistributedApplication Build()
    {
        if (TestingHook.Current is { } hook)
        {
            hook.Capture(this);
        }
        return BuildCore();
    }

    internal DistributedApplication BuildCore()
    {
        AssignPorts();
        return new DistributedApplication(Options, _resources);
    }

    internal void AssignPorts()
    {
        if (Options.UseRandomPorts)
        {
            Options.DashboardPort = FreePort();
            Options.OtlpGrpcPort = FreePort();
            Options.OtlpHttpPort = FreePort();
        }

        foreach (var resource in _resources.OfType<ExecutableResource>())
        {
            resource.Ports.Clear();
            for (var replica = 0; replica < resource.Replicas; replica++)
            {
                int? wanted = replica == 0 && !Options.UseRandomPorts
                    ? Options.PortOverrides.TryGetValue(resource.Name, out var overridden) ? overridden : resource.DeclaredPort
                    : null;
                resource.Ports.Add(wanted ?? FreePort());
            }
        }
    }

    // Ports this process has handed out. The kernel may offer a released port again at once, and two
    // applications started side by side (tests) must never be given the same one.
    private static readonly HashSet<int> HandedOut = [];

    internal static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
