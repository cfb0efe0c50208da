using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisExtensions
{
    /// <summary>
    /// Aspire.StackExchange.Redis's shape: one shared <see cref="IConnectionMultiplexer"/> from
    /// <c>ConnectionStrings:{connectionName}</c>, with a health check that really PINGs the server.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Start the platform with BizOSaaS.AppHost, or set ConnectionStrings__{connectionName}.");

        var options = ConfigurationOptions.Parse(connectionString);
        // Start even when Redis is not up yet, and reconnect by itself when it comes back.
        options.AbortOnConnectFail = false;
        // While disconnected, commands fail at once instead of queueing: callers fall back (rate
        // limits per instance, reads from the database) rather than wait for a timeout.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Try again every second while it is away (the default backs off to tens of seconds).
        options.ReconnectRetryPolicy = new LinearRetry(1000);

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHealthChecks().AddCheck<RedisPingCheck>(connectionName);
        return builder;
    }

    private sealed class RedisPingCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
                return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:F1} ms");
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("Redis did not answer PING.");
            }
        }
    }
}
