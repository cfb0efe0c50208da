using BizOSaaS.Platform.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BizOSaaS.Platform.Data;

/// <summary>
/// A service's migration run (ADR 19): started with <c>--migrate-database</c>, the service provisions its database
/// and roles when it is given the server's superuser connection (<c>ConnectionStrings:postgres</c>), applies its EF
/// Core migrations and row-level security as the owner role (<c>ConnectionStrings:{db}_owner</c>), and exits,
/// instead of serving. The AppHost runs it once before the service's replicas start, so they never race on a schema.
/// It needs nothing else the service needs (Redis, the hub): only its database.
/// </summary>
public static class DatabaseMigrations
{
    public const string Argument = "--migrate-database";

    /// <summary>The connection the AppHost gives a migration run for the server itself (its superuser).</summary>
    public const string AdminConnectionName = "postgres";

    public static bool Requested(string[] args) => args.Contains(Argument);

    /// <summary>
    /// Provisions and migrates <typeparamref name="TContext"/>'s database (<c>ConnectionStrings:{connectionName}</c>);
    /// a failure is logged with its reason and makes the process's exit code 1.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TContext>(this WebApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        // With the service defaults' telemetry (configured by the caller), Npgsql's spans reach the dashboard too.
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddNpgsql());
        await using var app = builder.Build();
        // Not started: a migration run serves nothing. Its tracer is created by hand, and flushed when the app is disposed.
        _ = app.Services.GetService<OpenTelemetry.Trace.TracerProvider>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrations).FullName!);
        try
        {
            await MigrateAsync<TContext>(app.Configuration, connectionName, logger, CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or DbUpdateException)
        {
            logger.LogError(ex, "Migrating {Database} failed: {Reason}", connectionName, ex.Message);
            Environment.ExitCode = 1;
        }
    }

    private static async Task MigrateAsync<TContext>(IConfiguration configuration, string connectionName, ILogger logger, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        var ownerConnectionString = configuration.GetConnectionString(connectionName + TenantDbContextExtensions.OwnerConnectionSuffix)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName}{TenantDbContextExtensions.OwnerConnectionSuffix} is not set: a migration run needs the owner role.");
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);

        if (configuration.GetConnectionString(AdminConnectionName) is { Length: > 0 } admin)
        {
            var app = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(connectionName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not set: provisioning needs the runtime role's login."));
            logger.LogInformation("Provisioning database {Database} with roles {Owner} and {App}.", owner.Database, owner.Username, app.Username);
            await DatabaseProvisioning.EnsureAsync(admin, owner, app, cancellationToken);
        }

        var options = new DbContextOptionsBuilder<TContext>().UseNpgsql(ownerConnectionString).UseSnakeCaseNamingConvention().Options;
        await using var ownerDb = (TContext)Activator.CreateInstance(typeof(TContext), options)!;
        var pending = (await ownerDb.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        logger.LogInformation("Applying {Count} migration(s) to {Database} as {Owner}: {Migrations}", pending.Count, owner.Database, owner.Username, pending);
        await ownerDb.Database.MigrateAsync(cancellationToken);
        await TenantIsolation.ApplyAsync(ownerDb, cancellationToken);
        logger.LogInformation("{Database} is at its latest migration, with row-level security on every tenant-owned table.", owner.Database);
    }
}
