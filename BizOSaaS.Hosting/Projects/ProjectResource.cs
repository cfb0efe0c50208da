using System.Reflection;
using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Orchestration;

namespace BizOSaaS.Hosting.Projects;

/// <summary>What the build generates for each project the AppHost references (Aspire's <c>Projects.*</c> classes).</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }
}

/// <summary>A .NET project: built once by the AppHost's build, its output run with <c>dotnet</c>, one process per replica.</summary>
public sealed class ProjectResource(string name, string projectPath) : ExecutableResource(name, null), IResourceWithServiceDiscovery
{
    private static readonly HttpClient HealthClient = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };

    public override string TypeName => "Project";

    public string ProjectPath { get; } = projectPath;

    public string ProjectName => Path.GetFileNameWithoutExtension(ProjectPath);

    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;

    /// <summary>Path probed for health (Aspire's WithHttpHealthCheck); without it, running counts as healthy.</summary>
    public string? HealthCheckPath { get; set; }

    public bool IsExternal { get; set; }

    public IReadOnlyList<Uri> HttpEndpoints => Ports.Select(p => new Uri($"http://localhost:{p}")).ToList();

    internal string BuildConfiguration { get; set; } = "Debug";

    internal string OutputAssembly =>
        Path.Combine(ProjectDirectory, "bin", BuildConfiguration, TargetFramework, ProjectName + ".dll");

    private static string TargetFramework => $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    internal override IEnumerable<Prerequisite> Prerequisites =>
    [
        new($"the built output of {ProjectName} ({OutputAssembly})", () => File.Exists(OutputAssembly),
            $"build it first: dotnet build BizOSaaS.sln -c {BuildConfiguration}"),
    ];

    internal override ProcessCommand CreateCommand(RunContext run, int replica) =>
        new(DotnetHost, [OutputAssembly])
        {
            Environment = ProjectEnvironment.For(this, replica, run),
            WorkingDirectory = ProjectDirectory,
        };

    internal override async Task<bool> CheckHealthAsync(RunContext run, int replica, CancellationToken cancellationToken)
    {
        if (HealthCheckPath is null)
        {
            return true;
        }
        using var response = await HealthClient.GetAsync(new Uri(HttpEndpoints[replica], HealthCheckPath), cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>The dotnet host that runs the AppHost, so services run on the same runtime.</summary>
    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
}

public static class ProjectBuilderExtensions
{
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject(name, new TProject().ProjectPath);

    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectPath) =>
        builder.AddResource(new ProjectResource(name, projectPath) { BuildConfiguration = builder.Options.BuildConfiguration });

    /// <summary>The port of the first replica in a developer's run (tests always use free ports).</summary>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int port)
    {
        builder.Resource.DeclaredPort = port;
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path = "/health")
    {
        builder.Resource.HealthCheckPath = path;
        return builder;
    }

    /// <summary>Marks the endpoints as meant for people and the internet (azd makes them public ingress).</summary>
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.IsExternal = true;
        return builder;
    }

    internal static string? ConfigurationOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
}
