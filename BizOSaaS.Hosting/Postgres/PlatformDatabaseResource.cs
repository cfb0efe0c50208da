using Aspire.Hosting.ApplicationModel;

namespace BizOSaaS.Hosting.Postgres;

/// <summary>
/// A service's database with its two login roles (ADR 2): <c>{db}_owner</c> owns the tables and runs migrations,
/// <c>{db}_app</c> is what the service queries as (not superuser, not owner, not BYPASSRLS, so row-level security
/// binds it). Its connection string is the runtime role's; <see cref="OwnerConnectionStringExpression"/> goes to the
/// service's migration run only, which creates both roles and the database, idempotently, through the server's
/// superuser connection. The same resource in a local run (our server) and in a manifest (Aspire's).
/// </summary>
public sealed class PlatformDatabaseResource(
    string name, IResourceWithConnectionString server, ParameterResource ownerPassword, ParameterResource appPassword)
    : Resource(name), IResourceWithConnectionString, IResourceWithParent<IResourceWithConnectionString>
{
    /// <summary>The suffix of the connection string the migration run receives for the owner role.</summary>
    public const string OwnerConnectionSuffix = "_owner";

    public IResourceWithConnectionString Parent { get; } = server;

    public string DatabaseName => Name;

    public string OwnerRole => Name + "_owner";

    public string AppRole => Name + "_app";

    public ParameterResource OwnerPassword { get; } = ownerPassword;

    public ParameterResource AppPassword { get; } = appPassword;

    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor(AppRole, AppPassword);

    public ReferenceExpression OwnerConnectionStringExpression => ConnectionStringFor(OwnerRole, OwnerPassword);

    private ReferenceExpression ConnectionStringFor(string role, ParameterResource password)
    {
        var endpoint = ((IResourceWithEndpoints)Parent).GetEndpoint("tcp");
        // Our server listens on 127.0.0.1 only; Aspire's is reached by its service name.
        return Parent is LocalPostgresServerResource
            ? ReferenceExpression.Create($"Host=127.0.0.1;Port={endpoint.Property(EndpointProperty.TargetPort)};Username={role};Password={password};Database={DatabaseName}")
            : ReferenceExpression.Create($"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username={role};Password={password};Database={DatabaseName}");
    }
}
