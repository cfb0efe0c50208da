using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Postgres;
using BizOSaaS.Hosting.Supervision;

namespace BizOSaaS.Hosting.Projects;

public static class DatabaseMigrationsExtensions
{
    /// <summary>The argument that makes a service apply its migrations and exit instead of serving.</summary>
    public const string MigrateArgument = "--migrate-database";

    /// <summary>
    /// A run of <typeparamref name="TProject"/> that provisions its database (the database and both roles, through the
    /// server's superuser), applies its EF Core migrations and row-level security as the owner role, and exits: once,
    /// before any replica of the service starts (services <c>WaitForCompletion</c> on it), so replicas never race on a
    /// schema. In a deployment it is the job that runs before a release.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddDatabaseMigrations<TProject>(
        this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<IResourceWithConnectionString> server, IResourceBuilder<PlatformDatabaseResource> database)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithArgs(MigrateArgument)
            .WithReference(server)
            .WithReference(database)
            .WithEnvironment($"ConnectionStrings__{database.Resource.Name}{PlatformDatabaseResource.OwnerConnectionSuffix}",
                database.Resource.OwnerConnectionStringExpression)
            .WaitFor(server)
            .WithAnnotation(new RunsToCompletionAnnotation())
            .WithIconName("DatabaseArrowUp");
}
