using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Tenancy;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class CachingExtensions
{
    /// <summary>
    /// <see cref="TenantCache"/>: HybridCache with this process's memory as L1 and the Redis that
    /// <c>builder.AddPlatformRedisClient("cache")</c> registers as L2, tenant-safe keys, cross-replica
    /// invalidation by tag and per-category statistics. Settings: <see cref="PlatformCachingOptions"/>.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlatformCachingOptions>().BindConfiguration(PlatformCachingOptions.SectionName);
        builder.Services.TryAddSingleton<TenantContext>();
        builder.Services.AddSingleton(new PlatformCacheIdentity(
            builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName));

        builder.Services.AddStackExchangeRedisCache(options => options.InstanceName = "bizosaas:cache:");
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((options, services) =>
            options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddHybridCache();

        builder.Services.AddSingleton<CacheGenerations>();
        builder.Services.AddSingleton<CacheStatistics>();
        builder.Services.AddSingleton<TenantCache>();
        builder.Services.AddHostedService<CacheStatisticsPublisher>();

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(CacheStatistics.MeterName));
        return builder;
    }
}
