using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Orchestration;

namespace BizOSaaS.Hosting.Postgres;

/// <summary>
/// A database in a <see cref="PostgresServerResource"/>. Dependents receive two connection strings:
/// <c>ConnectionStrings__{name}</c> for the runtime role and <c>ConnectionStrings__{name}_owner</c> for migrations.
/// </summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
    : Resource(name), IResourceWithConnectionString
{
    public const string OwnerSuffix = "_owner";

    public PostgresServerResource Server { get; } = server;

    public string DatabaseName { get; } = databaseName;

    public override Resource? Parent => Server;

    public override string TypeName => "PostgresDatabase";

    /// <summary>Owns the database and its tables; runs migrations.</summary>
    public string OwnerRole => DatabaseName + "_owner";

    /// <summary>What the service queries as: not superuser, not owner, not BYPASSRLS, so row-level security applies.</summary>
    public string AppRole => DatabaseName + "_app";

    internal string OwnerPassword(RunContext run) => run.GetOrCreateSecret($"{DatabaseName}-owner-password");

    internal string AppPassword(RunContext run) => run.GetOrCreateSecret($"{DatabaseName}-app-password");

    public IEnumerable<KeyValuePair<string, string>> GetConnectionStrings(RunContext run) =>
    [
        new(Name, Server.ConnectionString(run, AppRole, AppPassword(run), DatabaseName)),
        new(Name + OwnerSuffix, Server.ConnectionString(run, OwnerRole, OwnerPassword(run), DatabaseName)),
    ];
}
