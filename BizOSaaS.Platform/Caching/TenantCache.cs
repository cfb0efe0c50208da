using BizOSaaS.Platform.Tenancy;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BizOSaaS.Platform.Caching;

/// <summary>
/// The one way services cache: HybridCache (memory, then Redis) keyed by service, tenant, category,
/// the current generations of the value's tags (<see cref="CacheGenerations"/>) and the caller's key.
/// The tenant always comes from <see cref="TenantContext"/>, never from the caller, so two tenants'
/// values never share a key even when their ids and queries are equal. Concurrent misses of one key
/// run the query once (HybridCache's stampede protection). When Redis cannot be asked, the query runs
/// and nothing is cached: a read is never served from a copy that a write elsewhere could not reach.
/// Mark cached types <c>[ImmutableObject(true)]</c> (and sealed): memory hits then return the same instance
/// instead of deserializing a copy.
/// </summary>
public sealed partial class TenantCache(
    HybridCache cache,
    CacheGenerations generations,
    CacheStatistics statistics,
    TenantContext tenantContext,
    PlatformCacheIdentity identity,
    IOptions<PlatformCachingOptions> options,
    ILogger<TenantCache> logger)
{
    // One set of entry options per category, made once: HybridCache reads them on every call.
    private readonly Dictionary<CacheCategory, HybridCacheEntryOptions> _entryOptions = CacheCategory.All.ToDictionary(
        category => category,
        category => new HybridCacheEntryOptions
        {
            Expiration = category.Lifetime,
            LocalCacheExpiration = category.Lifetime < options.Value.LocalLifetimeCap ? category.Lifetime : options.Value.LocalLifetimeCap,
        });

    private int _bypassing;

    /// <summary>
    /// The cached value for <paramref name="key"/> in the current tenant, or the factory's result.
    /// <paramref name="tags"/> name what the value depends on (e.g. <c>leads</c>); a write calls
    /// <see cref="InvalidateAsync"/> with the same tag.
    /// </summary>
    public ValueTask<T> GetOrCreateAsync<T>(
        CacheCategory category,
        string key,
        Func<CancellationToken, ValueTask<T>> factory,
        IReadOnlyList<string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        var tenantId = tenantContext.RequiredTenantId;
        return GetOrCreateInScopeAsync(tenantId, tenantId, category, key, factory, tags, cancellationToken);
    }

    /// <summary>
    /// The cached value for <paramref name="key"/> of data published to everyone rather than owned by one tenant (the
    /// directory's published listings of every tenant). <paramref name="scope"/> stands where the tenant stands in the key
    /// and the generations: a fixed id that is no tenant's. The factory runs with no tenant set, as an anonymous request
    /// does. A write calls <see cref="InvalidatePublicAsync"/> with the same scope and tag.
    /// </summary>
    public ValueTask<T> GetOrCreatePublicAsync<T>(
        Guid scope,
        CacheCategory category,
        string key,
        Func<CancellationToken, ValueTask<T>> factory,
        IReadOnlyList<string> tags,
        CancellationToken cancellationToken = default) =>
        GetOrCreateInScopeAsync(scope, null, category, key, factory, tags, cancellationToken);

    private async ValueTask<T> GetOrCreateInScopeAsync<T>(
        Guid tenantId,
        Guid? runAs,
        CacheCategory category,
        string key,
        Func<CancellationToken, ValueTask<T>> factory,
        IReadOnlyList<string>? tags,
        CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            statistics.Record(category, CacheOutcome.Bypass);
            return await factory(cancellationToken);
        }
        if (!generations.IsAvailable)
        {
            return await BypassAsync(category, factory, null, cancellationToken);
        }
        string generation;
        try
        {
            generation = await generations.ReadAsync(GenerationKeys(tenantId, category, tags), cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return await BypassAsync(category, factory, ex, cancellationToken);
        }

        var call = new FactoryCall<T>(factory, tenantContext, runAs);
        T value;
        try
        {
            value = await cache.GetOrCreateAsync(
                $"{identity.Service}:{tenantId:N}:{category.Name}:{generation}:{key}",
                call,
                static (call, token) => call.RunAsync(token),
                _entryOptions[category],
                cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (!call.Ran && ex is RedisException or TimeoutException)
        {
            return await BypassAsync(category, factory, ex, cancellationToken);
        }

        if (Interlocked.Exchange(ref _bypassing, 0) == 1)
        {
            LogCachingResumed(logger);
        }
        statistics.Record(category, call.Ran ? CacheOutcome.Miss : CacheOutcome.Hit);
        return value;
    }

    /// <summary>
    /// After a write of the current tenant: every cached value tagged with one of <paramref name="tags"/>
    /// is stale on every replica from now on. Call before acknowledging the write. Never fails the write:
    /// if Redis cannot be reached, a new epoch is started as soon as it can (nothing older is read again).
    /// </summary>
    public Task InvalidateAsync(IReadOnlyList<string> tags, CancellationToken cancellationToken = default) =>
        InvalidateInScopeAsync(tenantContext.RequiredTenantId, tags, cancellationToken);

    /// <summary>
    /// After a write that changes public data: every value cached by <see cref="GetOrCreatePublicAsync"/> in
    /// <paramref name="scope"/> with one of <paramref name="tags"/> is stale on every replica from now on.
    /// </summary>
    public Task InvalidatePublicAsync(Guid scope, IReadOnlyList<string> tags, CancellationToken cancellationToken = default) =>
        InvalidateInScopeAsync(scope, tags, cancellationToken);

    private async Task InvalidateInScopeAsync(Guid tenantId, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        try
        {
            await generations.BumpAsync(tags.Select(t => (RedisKey)CacheGenerations.TagKey(tenantId, t)).ToList(), cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogInvalidationDeferred(logger, string.Join(", ", tags), ex);
        }
    }

    /// <summary>Drops a tenant's whole cache, or one category of it, on every replica (platform admins).</summary>
    public Task DropTenantAsync(Guid tenantId, CacheCategory? category, CancellationToken cancellationToken = default) =>
        generations.BumpAsync(
            [category is null ? CacheGenerations.TenantKey(tenantId) : CacheGenerations.CategoryKey(tenantId, category)],
            cancellationToken);

    private async ValueTask<T> BypassAsync<T>(
        CacheCategory category, Func<CancellationToken, ValueTask<T>> factory, Exception? cause, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _bypassing, 1) == 0)
        {
            LogBypassing(logger, cause);
        }
        statistics.Record(category, CacheOutcome.Bypass);
        return await factory(cancellationToken);
    }

    private static RedisKey[] GenerationKeys(Guid tenantId, CacheCategory category, IReadOnlyList<string>? tags)
    {
        var keys = new RedisKey[2 + (tags?.Count ?? 0)];
        keys[0] = CacheGenerations.TenantKey(tenantId);
        keys[1] = CacheGenerations.CategoryKey(tenantId, category);
        for (var i = 0; i < (tags?.Count ?? 0); i++)
        {
            keys[i + 2] = CacheGenerations.TagKey(tenantId, tags![i]);
        }
        return keys;
    }

    /// <summary>The factory as HybridCache runs it: under the caller's tenant (none for public data), noting that it ran (a miss).</summary>
    private sealed class FactoryCall<T>(Func<CancellationToken, ValueTask<T>> factory, TenantContext tenantContext, Guid? tenantId)
    {
        public bool Ran { get; private set; }

        public async ValueTask<T> RunAsync(CancellationToken cancellationToken)
        {
            Ran = true;
            using (tenantContext.Use(tenantId))
            {
                return await factory(cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis cannot be asked: cached reads go to the database until it can.")]
    private static partial void LogBypassing(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again: cached reads are served from the cache.")]
    private static partial void LogCachingResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not invalidate {Tags} in Redis; a new cache epoch starts as soon as Redis answers.")]
    private static partial void LogInvalidationDeferred(ILogger logger, string tags, Exception exception);
}
