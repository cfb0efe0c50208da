using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// <see cref="TenantCache"/> on a real redis-server, with two hosts standing for two replicas of one
/// service (each with its own memory cache, sharing Redis).
/// </summary>
public sealed class TenantCacheTests : IAsyncLifetime
{
    private static readonly Guid TenantA = Guid.Parse("0b6f3a10-0000-4000-8000-0000000000aa");
    private static readonly Guid TenantB = Guid.Parse("0b6f3a10-0000-4000-8000-0000000000bb");
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Two_tenants_with_the_same_key_never_share_a_value()
    {
        using var replica = Replica();
        var queries = new List<string>();

        Assert.Equal("A's lead 42", await ReadAsync(replica, TenantA, "leads:42", "A's lead 42", queries));
        Assert.Equal("B's lead 42", await ReadAsync(replica, TenantB, "leads:42", "B's lead 42", queries));
        Assert.Equal("A's lead 42", await ReadAsync(replica, TenantA, "leads:42", "not this", queries));
        Assert.Equal("B's lead 42", await ReadAsync(replica, TenantB, "leads:42", "not this", queries));
        Assert.Equal(["A's lead 42", "B's lead 42"], queries);

        // Invalidating one tenant's tag leaves the other tenant's value cached.
        await InvalidateAsync(replica, TenantA, "leads");
        Assert.Equal("A's new lead 42", await ReadAsync(replica, TenantA, "leads:42", "A's new lead 42", queries));
        Assert.Equal("B's lead 42", await ReadAsync(replica, TenantB, "leads:42", "not this", queries));
    }

    [Fact]
    public async Task Concurrent_misses_of_one_key_run_the_query_once()
    {
        using var replica = Replica();
        var cache = replica.Services.GetRequiredService<TenantCache>();
        var tenants = replica.Services.GetRequiredService<TenantContext>();
        var runs = 0;
        var release = new TaskCompletionSource();

        var readers = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            using (tenants.Use(TenantA))
            {
                return await cache.GetOrCreateAsync(CacheCategory.Ecommerce, "products:count", async token =>
                {
                    Interlocked.Increment(ref runs);
                    await release.Task;
                    return 7;
                }, ["products"]);
            }
        })).ToList();
        await Task.Delay(200);
        release.SetResult();

        Assert.All(await Task.WhenAll(readers), value => Assert.Equal(7, value));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_write_on_one_replica_is_seen_at_once_on_the_other_even_across_a_Redis_outage()
    {
        using var first = Replica();
        using var second = Replica();
        var queries = new List<string>();
        await ConnectedAsync(first, second);

        Assert.Equal("v1", await ReadAsync(first, TenantA, "leads:count", "v1", queries));
        Assert.Equal("v1", await ReadAsync(second, TenantA, "leads:count", "v2 (not yet)", queries));

        await InvalidateAsync(first, TenantA, "leads");
        Assert.Equal("v2", await ReadAsync(second, TenantA, "leads:count", "v2", queries));
        Assert.Equal("v2", await ReadAsync(first, TenantA, "leads:count", "v3 (not yet)", queries));

        // Redis goes away: reads go to the "database", a write cannot reach Redis and still succeeds.
        _redis.Kill();
        await Eventually.HoldsAsync(async () => await ReadAsync(second, TenantA, "leads:count", "v3", queries) == "v3", "reads bypass the cache");
        await InvalidateAsync(first, TenantA, "leads");

        // Redis comes back empty: neither replica serves what it cached before the outage.
        await _redis.StartAgainAsync();
        await Eventually.HoldsAsync(
            () => first.Services.GetRequiredService<CacheGenerations>().IsAvailable && second.Services.GetRequiredService<CacheGenerations>().IsAvailable,
            "both replicas reconnect");
        Assert.Equal("v3", await ReadAsync(second, TenantA, "leads:count", "v3", queries));
        Assert.Equal("v3", await ReadAsync(first, TenantA, "leads:count", "v3", queries));

        // And caching resumes: once both have started their new epoch, a read runs no query.
        await Eventually.HoldsAsync(async () =>
        {
            var before = queries.Count;
            Assert.Equal("v3", await ReadAsync(second, TenantA, "leads:count", "v3", queries));
            Assert.Equal("v3", await ReadAsync(first, TenantA, "leads:count", "v3", queries));
            return queries.Count == before;
        }, "reads are served from the cache again");
    }

    [Fact]
    public async Task Replicas_share_a_read_of_the_generations_for_a_moment_and_a_write_is_acknowledged_only_after_that_moment()
    {
        var sharing = TimeSpan.FromSeconds(5);
        using var first = Replica(sharing);
        using var second = Replica(sharing);
        var queries = new List<string>();
        await ConnectedAsync(first, second);

        Assert.Equal("v1", await ReadAsync(first, TenantA, "leads:count", "v1", queries));
        // A generation bumped behind the platform's back (no write waits for it) is not seen while the read is shared.
        var redis = first.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await redis.StringIncrementAsync(CacheGenerations.TagKey(TenantA, "leads"));
        Assert.Equal("v1", await ReadAsync(first, TenantA, "leads:count", "v2 (shared generations)", queries));

        // A write through the platform is acknowledged once no replica shares a read from before it: the next read sees it.
        await InvalidateAsync(second, TenantA, "leads");
        Assert.Equal("v2", await ReadAsync(first, TenantA, "leads:count", "v2", queries));
        Assert.Equal(["v1", "v2"], queries);
    }

    /// <summary>
    /// Each replica connects to Redis in the background; until it has, its reads go straight to the "database". A replica
    /// whose first connection attempt failed owes a new epoch and starts it at its next read; each reads once here, so that
    /// no such renewal falls between a test's reads.
    /// </summary>
    private static async Task ConnectedAsync(IHost first, IHost second)
    {
        await Eventually.HoldsAsync(
            () => first.Services.GetRequiredService<CacheGenerations>().IsAvailable && second.Services.GetRequiredService<CacheGenerations>().IsAvailable,
            "both replicas are connected to Redis");
        await ReadAsync(first, TenantB, "warm-up", "warm-up", []);
        await ReadAsync(second, TenantB, "warm-up", "warm-up", []);
    }

    private IHost Replica(TimeSpan? generationReadSharing = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["OTEL_SERVICE_NAME"] = "cache-test",
            // These tests run beside a platform starting on 2 cores: a Redis answer later than the default 250 ms would be
            // taken as an outage (the read bypasses the cache, a new epoch starts), which only the outage part is about, and
            // there Redis is gone, so calls fail at once.
            [$"{PlatformCachingOptions.SectionName}:{nameof(PlatformCachingOptions.RedisTimeoutMilliseconds)}"] = "5000",
        });
        if (generationReadSharing is { } sharing)
        {
            builder.Configuration[$"{PlatformCachingOptions.SectionName}:{nameof(PlatformCachingOptions.GenerationReadSharing)}"] = sharing.ToString("c");
        }
        builder.AddPlatformRedisClient("cache");
        builder.AddPlatformCaching();
        return builder.Build();
    }

    private static async Task<string> ReadAsync(IHost replica, Guid tenant, string key, string fromDatabase, List<string> queries)
    {
        using (replica.Services.GetRequiredService<TenantContext>().Use(tenant))
        {
            return await replica.Services.GetRequiredService<TenantCache>().GetOrCreateAsync(CacheCategory.ApiCalls, key, _ =>
            {
                queries.Add(fromDatabase);
                return ValueTask.FromResult(fromDatabase);
            }, ["leads"]);
        }
    }

    private static async Task InvalidateAsync(IHost replica, Guid tenant, string tag)
    {
        using (replica.Services.GetRequiredService<TenantContext>().Use(tenant))
        {
            await replica.Services.GetRequiredService<TenantCache>().InvalidateAsync([tag]);
        }
    }
}
