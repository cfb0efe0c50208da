using BizOSaaS.Hosting.ApplicationModel;

namespace BizOSaaS.Hosting.Postgres;

public static class PostgresBuilderExtensions
{
    /// <summary>A PostgreSQL server on <paramref name="port"/> (a free port when null or under test).</summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name, int? port = null) =>
        builder.AddResource(new PostgresServerResource(name, port));

    /// <summary>A database created in the server, with its owner and runtime roles, once the server is healthy.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database);
    }
}
