using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting.DataFolder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Hosting.Postgres;

public static class PlatformPostgresExtensions
{
    /// <summary>
    /// The platform's PostgreSQL server: in a local run, Debian's server as a process of this AppHost on
    /// <paramref name="port"/> (a free one under test); in publish mode, Aspire's PostgreSQL resource, so the
    /// manifest is deployable. Its superuser password is the <c>{name}-password</c> parameter.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPlatformPostgres(this IDistributedApplicationBuilder builder, string name, int port)
    {
        var password = builder.AddDataFolderSecret($"{name}-password");
        return builder.ExecutionContext.IsPublishMode
            // The major version the platform is tested on (Debian 12's), its data on a volume that outlives the container.
            ? builder.AddPostgres(name, password: password).WithImageTag("15").WithDataVolume()
            : builder.AddLocalPostgres(name, password, port);
    }

    /// <summary>
    /// A database with its owner and runtime roles (<see cref="PlatformDatabaseResource"/>). In a local run the
    /// dashboard shows it under its server: waiting for the server, then running, healthy once its runtime role can
    /// connect (after its service's migration run has provisioned it).
    /// </summary>
    public static IResourceBuilder<PlatformDatabaseResource> AddDatabaseWithRoles(this IResourceBuilder<IResourceWithConnectionString> server, string name)
    {
        var builder = server.ApplicationBuilder;
        var database = new PlatformDatabaseResource(name, server.Resource,
            builder.AddDataFolderSecret($"{name}-owner-password").Resource,
            builder.AddDataFolderSecret($"{name}-app-password").Resource);
        var resource = builder.AddResource(database).WithIconName("Database");
        if (builder.ExecutionContext.IsPublishMode)
        {
            // A connection string in the manifest, as Aspire writes its own databases.
            return resource.WithManifestPublishingCallback(context =>
            {
                context.Writer.WriteString("type", "value.v0");
                context.WriteConnectionString(database);
            });
        }

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck,
            _ => new DatabaseProvisionedHealthCheck(database), HealthStatus.Unhealthy, tags: null));
        builder.Eventing.Subscribe<InitializeResourceEvent>(database, async (e, cancellationToken) =>
        {
            // Aspire passes a parent's state on to its children only for containers: a database of an executable
            // server says for itself that it waits for the server, and then that it runs.
            await e.Notifications.PublishUpdateAsync(database, s => s with { ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting });
            try
            {
                await e.Notifications.WaitForResourceHealthyAsync(server.Resource.Name, WaitBehavior.StopOnResourceUnavailable, cancellationToken);
            }
            catch (DistributedApplicationException ex)
            {
                e.Logger.LogError("Not available: {Reason}", ex.Message);
                await e.Notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.FailedToStart });
                return;
            }
            await e.Notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
        });
        return resource.WithHealthCheck(healthCheck);
    }

    private static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, int port)
    {
        var folder = PlatformDataFolder.Of(builder);
        var server = new LocalPostgresServerResource(name, password.Resource, PostgresCluster.DirectoryFor(folder.Path, name));
        var fixedPort = LocalRun.UsesRandomPorts(builder) ? (int?)null : port;

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (e, cancellationToken) =>
            await PostgresCluster.PrepareAsync(server.ClusterDirectory, (await password.Resource.GetValueAsync(cancellationToken))!,
                LocalRun.LoggerFor(e.Services, server), cancellationToken));

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck,
            _ => new NpgsqlConnectionHealthCheck(async ct => await server.ConnectionStringExpression.GetValueAsync(ct) + ";Database=postgres"),
            HealthStatus.Unhealthy, tags: null));

        var throwaway = LocalRun.HasThrowawayData(builder);
        return builder.AddResource(server)
            // No proxy: every query would otherwise cross DCP's TCP proxy.
            .WithEndpoint(port: fixedPort, targetPort: fixedPort, name: LocalPostgresServerResource.EndpointName, isProxied: false)
            .WithArgs(context =>
            {
                foreach (var argument in LocalProcesses.PrefixFor(PostgresBinaries.Server, PostgresBinaries.SystemUser))
                {
                    context.Args.Add(argument);
                }
                context.Args.Add("-D");
                context.Args.Add(server.ClusterDirectory);
                context.Args.Add("-p");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                foreach (var setting in ServerSettings(throwaway))
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(healthCheck);
    }

    private static IEnumerable<string> ServerSettings(bool throwaway)
    {
        yield return "listen_addresses=127.0.0.1";
        // TCP only: no socket in /var/run/postgresql, which may not exist or may belong to the system's server.
        yield return "unix_socket_directories=";
        yield return "max_connections=300";
        // Debian's default of 128 MB holds less than the directory's search copy of 100,000 listings (124 MB); a search then
        // reads a third of its pages from the kernel's cache instead of the server's buffers. Shared memory is taken as it is used.
        yield return "shared_buffers=512MB";
        if (throwaway)
        {
            // A test's data folder is deleted after the run: durability is not worth the fsyncs.
            yield return "fsync=off";
            yield return "synchronous_commit=off";
            yield return "full_page_writes=off";
        }
    }
}
