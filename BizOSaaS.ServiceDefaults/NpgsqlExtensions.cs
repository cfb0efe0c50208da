using System.Diagnostics;
using BizOSaaS.ServiceDefaults.Data;
using BizOSaaS.ServiceDefaults.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class NpgsqlExtensions
{
    /// <summary>The suffix of the connection string the AppHost gives a migration run for the database's owner role.</summary>
    public const string OwnerConnectionSuffix = "_owner";

    /// <summary>Connections per service replica unless the connection string says otherwise.</summary>
    public static readonly int DefaultMaxPoolSize = Math.Max(8, Environment.ProcessorCount * 4);

    /// <summary>
    /// Aspire.Npgsql.EntityFrameworkCore.PostgreSQL's shape: a pooled <typeparamref name="TContext"/> on
    /// <c>ConnectionStrings:{connectionName}</c> (the service's runtime role), a health check that really
    /// connects, and Npgsql tracing. Its schema comes from the service's migration run (<see cref="DatabaseMigrations"/>).
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDbContext<TContext>(
        this IHostApplicationBuilder builder, string connectionName, Action<DbContextOptionsBuilder>? configureDbContextOptions = null)
        where TContext : DbContext
    {
        var connectionString = RequireConnectionString(builder, connectionName);

        // Tenant isolation comes with the context: every command runs in its tenant's transaction
        // (see TenantIsolation), and every tenant-owned table is under forced row-level security.
        builder.Services.TryAddSingleton<TenantContext>();
        builder.Services.TryAddSingleton<TenantCommandInterceptor>();
        builder.Services.TryAddSingleton<TenantSaveChangesInterceptor>();
        builder.Services.TryAddSingleton<TenantTransactionInterceptor>();
        builder.Services.AddDbContextPool<TContext>((services, options) =>
        {
            options.UseNpgsql(connectionString, npgsql => npgsql.ConfigureDataSource(dataSource => dataSource.ConfigureTracing(tracing => tracing
                    // A query is traced as part of the request or job it serves; the pollers' queries on their own
                    // (outboxes, timers, every second) would bury the traces an SRE is looking for.
                    .ConfigureCommandFilter(_ => Activity.Current is not null)
                    .ConfigureBatchFilter(_ => Activity.Current is not null))))
                .UseSnakeCaseNamingConvention()
                .AddInterceptors(
                    services.GetRequiredService<TenantCommandInterceptor>(),
                    services.GetRequiredService<TenantSaveChangesInterceptor>(),
                    services.GetRequiredService<TenantTransactionInterceptor>());
            configureDbContextOptions?.Invoke(options);
        });

        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>(connectionName);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddNpgsql());
        builder.Services.TryAddSingleton<ThisProcessStart>();
        builder.Services.AddHostedService(sp => new DatabaseStartup<TContext>(sp, sp.GetRequiredService<ThisProcessStart>()));
        return builder;
    }

    private static string RequireConnectionString(IHostApplicationBuilder builder, string connectionName)
    {
        var value = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Start the platform with BizOSaaS.AppHost, or set ConnectionStrings__{connectionName}.");
        }

        // Fail at start-up on a malformed string rather than at the first query.
        var connection = new NpgsqlConnectionStringBuilder(value);
        if (!value.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase) && !value.Contains("Max Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            // Npgsql's default of 100 lets a burst open a server process per request; a few per core keep
            // PostgreSQL busy without thrashing, and the rest wait in the pool, in this process.
            connection.MaxPoolSize = DefaultMaxPoolSize;
        }
        return connection.ConnectionString;
    }
}
