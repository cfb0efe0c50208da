using System.Reflection;
using BizOSaaS.ServiceDefaults.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.ServiceDefaults.Data;

/// <summary>
/// Applies the context's migrations as the database owner, then records this process start as the
/// runtime role. Runs before Kestrel listens, so /health is never green on an unmigrated database.
/// A failure ends the process; the AppHost restarts it with backoff.
/// </summary>
internal sealed class DatabaseStartup<TContext>(IServiceProvider services, string ownerConnectionString) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILogger<DatabaseStartup<TContext>>>();
        var ownerOptions = new DbContextOptionsBuilder<TContext>()
            .UseNpgsql(ownerConnectionString)
            .UseSnakeCaseNamingConvention()
            .Options;

        await using (var ownerDb = ActivatorUtilities.CreateInstance<TContext>(services, ownerOptions))
        {
            var pending = (await ownerDb.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s) to {Context}: {Migrations}", pending.Count, typeof(TContext).Name, pending);
                await ownerDb.Database.MigrateAsync(cancellationToken);
            }
            await TenantIsolation.ApplyAsync(ownerDb, cancellationToken);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var configuration = services.GetRequiredService<IConfiguration>();
        var environment = services.GetRequiredService<IHostEnvironment>();
        db.Set<ServiceStart>().Add(new ServiceStart
        {
            ServiceName = configuration["OTEL_SERVICE_NAME"] ?? environment.ApplicationName,
            InstanceId = InstanceIdFrom(configuration["OTEL_RESOURCE_ATTRIBUTES"]) ?? Environment.ProcessId.ToString(),
            MachineName = Environment.MachineName,
            Version = Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "unknown",
            StartedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string? InstanceIdFrom(string? resourceAttributes) =>
        resourceAttributes?.Split(',')
            .Select(pair => pair.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].Trim() == "service.instance.id")
            .Select(kv => kv[1].Trim())
            .FirstOrDefault();
}
