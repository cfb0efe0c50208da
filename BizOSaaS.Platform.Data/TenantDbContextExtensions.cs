using System.Diagnostics;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class TenantDbContextExtensions
{
    /// <summary>The suffix of the connection string the AppHost gives a migration run for the database's owner role.</summary>
    public const string OwnerConnectionSuffix = "_owner";

    /// <summary>Connections per service replica unless the connection string says otherwise.</summary>
    public static readonly int DefaultMaxPoolSize = Math.Max(8, Environment.ProcessorCount * 4);

    /// <summary>
    /// A service's tenant-owned data: Aspire's <c>AddTenantDbContext</c> (a pooled <typeparamref name="TContext"/> on
    /// <c>ConnectionStrings:{connectionName}</c>, the runtime role's; its health check, tracing and metrics) with
    /// what the platform adds (ADR 5, ADR 20): every command runs in its tenant's transaction, so forced row-level
    /// security shows a request only its tenant's rows; snake_case names; a bounded pool; no retrying execution
    /// strategy (the services open transactions of their own); Npgsql spans only inside a request or job. The schema
    /// comes from the service's migration run (<see cref="DatabaseMigrations"/>), and each process records its start.
    /// </summary>
    public static IHostApplicationBuilder AddTenantDbContext<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var tenant = new TenantContext();
        builder.Services.TryAddSingleton(tenant);
        IInterceptor[] tenantIsolation = [new TenantCommandInterceptor(tenant), new TenantSaveChangesInterceptor(tenant), new TenantTransactionInterceptor(tenant)];

        builder.AddNpgsqlDbContext<TContext>(connectionName,
            settings =>
            {
                settings.DisableRetry = true;
                settings.ConnectionString = WithPlatformPooling(settings.ConnectionString);
            },
            options => options
                .UseNpgsql(npgsql => npgsql.ConfigureDataSource(dataSource => dataSource.ConfigureTracing(tracing => tracing
                    // A query is traced as part of the request or job it serves; the pollers' queries on their own
                    // (outboxes, timers, every second) would bury the traces an SRE is looking for.
                    .ConfigureCommandFilter(_ => Activity.Current is not null)
                    .ConfigureBatchFilter(_ => Activity.Current is not null))))
                .UseSnakeCaseNamingConvention()
                .AddInterceptors(tenantIsolation));

        builder.Services.RenameHealthCheck(typeof(TContext).Name, connectionName);
        builder.Services.TryAddSingleton<ThisProcessStart>();
        builder.Services.AddHostedService(sp => new DatabaseStartup<TContext>(sp, sp.GetRequiredService<ThisProcessStart>()));
        return builder;
    }

    /// <summary>
    /// Npgsql's default of 100 connections lets a burst open a server process per request; a few per core keep
    /// PostgreSQL busy without thrashing, and the rest wait in the pool, in this process. A connection going back
    /// to the pool is not reset (Npgsql's <c>DISCARD ALL</c> before its next command would also throw away its
    /// prepared statements): the services keep no session state, since the tenant lives in each command's transaction
    /// (<c>set_config(.., true)</c>), and an open transaction is rolled back when its connection closes. The
    /// statements a service runs most stay prepared on each connection.
    /// </summary>
    private static string? WithPlatformPooling(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("Max Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            connection.MaxPoolSize = DefaultMaxPoolSize;
        }
        connection.NoResetOnClose = true;
        if (connection.MaxAutoPrepare == 0)
        {
            connection.MaxAutoPrepare = 32;
        }
        return connection.ConnectionString;
    }
}
