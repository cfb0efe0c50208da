namespace BizOSaaS.Hosting;

/// <summary>How the application runs: where its data lives and which ports it uses.</summary>
public sealed class DistributedApplicationOptions
{
    public const int DefaultDashboardPort = 18888;
    public const int DefaultOtlpGrpcPort = 18889;
    public const int DefaultOtlpHttpPort = 18890;

    /// <summary>Persistent folder for PostgreSQL, Redis, generated secrets and the run ledger.</summary>
    public required string DataDirectory { get; set; }

    public int DashboardPort { get; set; } = DefaultDashboardPort;

    public int OtlpGrpcPort { get; set; } = DefaultOtlpGrpcPort;

    public int OtlpHttpPort { get; set; } = DefaultOtlpHttpPort;

    /// <summary>Every endpoint on a free port chosen at start (tests), instead of the declared ports.</summary>
    public bool UseRandomPorts { get; set; }

    /// <summary>Throwaway data: PostgreSQL and Redis trade durability for speed.</summary>
    public bool IsTesting { get; set; }

    /// <summary>Delete the data folder when the application is disposed (the testing builder's own temporary folder).</summary>
    public bool DeleteDataDirectoryOnDispose { get; set; }

    /// <summary>ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT given to the projects.</summary>
    public string ServiceEnvironment { get; set; } = "Development";

    /// <summary>Build configuration of the project outputs that are run (the AppHost's own by default).</summary>
    public string BuildConfiguration { get; set; } = "Debug";

    /// <summary>
    /// When the AppHost's Program called CreateBuilder (a Stopwatch timestamp). Not the process start:
    /// start.sh execs the AppHost after building it, so the process is as old as the build.
    /// </summary>
    public long StartTimestamp { get; init; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Explicit ports by resource name (<c>--Ports:crm=9008</c>), overriding the declared ones.</summary>
    public Dictionary<string, int> PortOverrides { get; } = new(StringComparer.OrdinalIgnoreCase);
}
