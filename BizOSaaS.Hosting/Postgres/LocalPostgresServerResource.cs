using Aspire.Hosting.ApplicationModel;

namespace BizOSaaS.Hosting.Postgres;

/// <summary>
/// A PostgreSQL server run from Debian's binaries (no container): its cluster lives in the data folder, it listens on
/// 127.0.0.1 only, and it runs as the <c>postgres</c> system user when the AppHost runs as root. Its connection
/// string is the superuser's, for the migration runs that provision each database's roles.
/// </summary>
public sealed class LocalPostgresServerResource(string name, ParameterResource password, string clusterDirectory)
    : ExecutableResource(name, LocalProcesses.CommandFor(PostgresBinaries.Server, PostgresBinaries.SystemUser), "/"),
      IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string SuperUser = "postgres";

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The cluster's folder (PG_VERSION, postmaster.pid, …).</summary>
    public string ClusterDirectory { get; } = clusterDirectory;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    /// <summary>An IPv4 literal, not localhost: the server listens on 127.0.0.1 only, so no client tries ::1 first.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host=127.0.0.1;Port={PrimaryEndpoint.Property(EndpointProperty.TargetPort)};Username={SuperUser};Password={PasswordParameter}");
}
