using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class PlatformRedisExtensions
{
    /// <summary>
    /// Aspire's Redis client (<c>AddRedisClient</c>: one shared <see cref="IConnectionMultiplexer"/> from
    /// <c>ConnectionStrings:{connectionName}</c>, its health check and tracing) with the platform's connection policy:
    /// Redis is a cache and a counter store, never a reason to stop serving (ADR 7, ADR 9).
    /// </summary>
    public static IHostApplicationBuilder AddPlatformRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.AddRedisClient(connectionName, configureOptions: options =>
        {
            // Start even when Redis is not up yet, and reconnect by itself when it comes back.
            options.AbortOnConnectFail = false;
            // While disconnected, commands fail at once instead of queueing: callers fall back (rate limits per
            // instance, reads from the database) rather than wait for a timeout.
            options.BacklogPolicy = BacklogPolicy.FailFast;
            // Try again every second while it is away (the default backs off to tens of seconds).
            options.ReconnectRetryPolicy = new LinearRetry(1000);
            // The platform says once that Redis is away and once that it is back (rate limits, cache); the multiplexer
            // would log an error for every reconnect attempt, every second of an outage.
            options.LoggerFactory = NullLoggerFactory.Instance;
        });
        builder.Services.RenameHealthCheck("StackExchange.Redis", connectionName);
        return builder;
    }
}
