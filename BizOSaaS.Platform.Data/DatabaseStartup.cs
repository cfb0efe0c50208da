using System.Reflection;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Platform.Data;

/// <summary>
/// Records this process start as the runtime role, before Kestrel listens, so /health is never green on a
/// database this service cannot write. Migrations are not applied here: the service's migration run did that
/// before any replica started (<see cref="DatabaseMigrations"/>).
/// </summary>
internal sealed class DatabaseStartup<TContext>(IServiceProvider services, ThisProcessStart thisProcess) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var configuration = services.GetRequiredService<IConfiguration>();
        var environment = services.GetRequiredService<IHostEnvironment>();
        var start = new ServiceStart
        {
            ServiceName = configuration["OTEL_SERVICE_NAME"] ?? environment.ApplicationName,
            InstanceId = InstanceIdFrom(configuration["OTEL_RESOURCE_ATTRIBUTES"]) ?? Environment.ProcessId.ToString(),
            MachineName = Environment.MachineName,
            Version = Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "unknown",
            StartedAt = DateTimeOffset.UtcNow,
        };
        db.Set<ServiceStart>().Add(start);
        await db.SaveChangesAsync(cancellationToken);
        thisProcess.Start = start;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string? InstanceIdFrom(string? resourceAttributes) =>
        resourceAttributes?.Split(',')
            .Select(pair => pair.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].Trim() == "service.instance.id")
            .Select(kv => kv[1].Trim())
            .FirstOrDefault();
}

/// <summary>The start this process recorded: which replica behind a load balancer answered a request.</summary>
public sealed class ThisProcessStart
{
    public ServiceStart? Start { get; set; }
}
