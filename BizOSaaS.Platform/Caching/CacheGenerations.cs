using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BizOSaaS.Platform.Caching;

/// <summary>
/// Tag invalidation that holds across replicas. HybridCache's own <c>RemoveByTagAsync</c> cannot reach
/// another process's memory (L1), so every tag a cached value depends on has a generation in Redis and
/// the generations are part of the value's key. A write bumps the generation before it is acknowledged;
/// the next read on any replica reads the new generation, misses, and goes to the database.
/// <para>
/// Keys (<c>{tenant}</c> as 32 hex digits): <c>bizosaas:gen:epoch</c> (everything, every tenant),
/// <c>bizosaas:gen:{tenant}</c> (all of a tenant's cache), <c>bizosaas:gen:{tenant}:cat:{category}</c>,
/// <c>bizosaas:gen:{tenant}:tag:{tag}</c>. The epoch is replaced with a new unique value whenever this
/// process's connection to Redis comes back: writes made while Redis was away could not bump anything,
/// so nothing cached before the outage is trusted after it.
/// </para>
/// <para>
/// One read of a set of generations answers every read of the same set that starts within
/// <see cref="PlatformCachingOptions.GenerationReadSharing"/> of it (under load, one Redis round trip for many requests
/// instead of one each), and a bump returns only once that long has passed after Redis took it: a read that starts after
/// a write was acknowledged reuses only a read sent to Redis after the bump (ADR 9, addendum).
/// </para>
/// </summary>
public sealed partial class CacheGenerations
{
    private const string EpochKey = "bizosaas:gen:epoch";
    private static readonly TimeSpan EpochRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Sets of generations remembered at most (tenants × categories × tags in use); past it, all are forgotten.</summary>
    private const int MaxSharedReads = 10_000;

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<CacheGenerations> _logger;
    private readonly TimeSpan _timeout;
    private readonly Lock _renewalLock = new();
    private int _epochStale;
    private int _bumpFailed;
    private string? _epochSeen;
    private long _failedAtMilliseconds;
    private Task? _renewal;
    private readonly TimeSpan _sharing;
    private readonly long _sharingTicks;
    private readonly ConcurrentDictionary<string, SharedRead> _sharedReads = new(StringComparer.Ordinal);

    public CacheGenerations(IConnectionMultiplexer redis, IOptions<PlatformCachingOptions> options, ILogger<CacheGenerations> logger)
    {
        _redis = redis;
        _logger = logger;
        _timeout = TimeSpan.FromMilliseconds(options.Value.RedisTimeoutMilliseconds);
        _sharing = options.Value.GenerationReadSharing > TimeSpan.Zero ? options.Value.GenerationReadSharing : TimeSpan.Zero;
        _sharingTicks = (long)(_sharing.TotalSeconds * Stopwatch.Frequency);
        _redis.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                Interlocked.CompareExchange(ref _failedAtMilliseconds, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0);
                Volatile.Write(ref _epochStale, 1);
                _sharedReads.Clear();
            }
        };
        _redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                if (Volatile.Read(ref _epochStale) == 1)
                {
                    _ = TryRenewEpochAsync();
                }
            }
        };
    }

    /// <summary>True when Redis can be asked; otherwise callers read from the database directly.</summary>
    public bool IsAvailable => _redis.IsConnected;

    public static string TenantKey(Guid tenantId) => $"bizosaas:gen:{tenantId:N}";

    public static string CategoryKey(Guid tenantId, CacheCategory category) => $"bizosaas:gen:{tenantId:N}:cat:{category.Name}";

    public static string TagKey(Guid tenantId, string tag) => $"bizosaas:gen:{tenantId:N}:tag:{tag}";

    /// <summary>
    /// The current generations of the given keys joined with dots: from a read of the same keys sent to Redis less than
    /// <see cref="PlatformCachingOptions.GenerationReadSharing"/> ago, else from a new one (one round trip).
    /// </summary>
    public Task<string> ReadAsync(RedisKey[] keys, CancellationToken cancellationToken)
    {
        if (_sharingTicks == 0 || Volatile.Read(ref _epochStale) == 1)
        {
            return FetchAsync(keys, cancellationToken);
        }
        var id = string.Join('\n', keys.Select(key => (string?)key));
        var now = Stopwatch.GetTimestamp();
        if (!_sharedReads.TryGetValue(id, out var shared) || now - shared.AskedAt > _sharingTicks || shared.Generations.IsFaulted || shared.Generations.IsCanceled)
        {
            if (_sharedReads.Count >= MaxSharedReads)
            {
                _sharedReads.Clear();
            }
            // Asked for no one caller: a caller that gives up does not fail the others waiting on it.
            shared = new SharedRead(now, FetchAsync(keys, CancellationToken.None));
            _sharedReads[id] = shared;
        }
        return shared.Generations.WaitAsync(cancellationToken);
    }

    private async Task<string> FetchAsync(RedisKey[] keys, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _epochStale) == 1)
        {
            await RenewEpochAsync(cancellationToken);
        }
        var all = new RedisKey[keys.Length + 1];
        all[0] = EpochKey;
        keys.CopyTo(all, 1);
        var values = await _redis.GetDatabase().StringGetAsync(all).WaitAsync(_timeout, cancellationToken);
        if (values[0].IsNull)
        {
            // First use, or a Redis that lost its data: a new epoch no earlier value can carry.
            await _redis.GetDatabase().StringSetAsync(EpochKey, NewEpoch(), when: When.NotExists).WaitAsync(_timeout, cancellationToken);
            values[0] = await _redis.GetDatabase().StringGetAsync(EpochKey).WaitAsync(_timeout, cancellationToken);
        }
        Volatile.Write(ref _epochSeen, values[0].ToString());
        return string.Join('.', values.Select(v => v.IsNull ? "0" : v.ToString()));
    }

    /// <summary>Bumps each key's generation: everything cached under the old ones is never read again.</summary>
    public async Task BumpAsync(IReadOnlyCollection<RedisKey> keys, CancellationToken cancellationToken)
    {
        try
        {
            var batch = _redis.GetDatabase().CreateBatch();
            var increments = keys.Select(k => batch.StringIncrementAsync(k)).ToList();
            batch.Execute();
            await Task.WhenAll(increments).WaitAsync(_timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // A bump that may not have landed: start a new epoch (now, or when Redis answers again), after this write,
            // whatever another process renewed meanwhile.
            Volatile.Write(ref _bumpFailed, 1);
            Interlocked.CompareExchange(ref _failedAtMilliseconds, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0);
            Volatile.Write(ref _epochStale, 1);
            _ = TryRenewEpochAsync();
            throw;
        }
        await OutwaitSharedReadsAsync();
    }

    /// <summary>
    /// Returns once every read sent to Redis before the bump is too old to be shared. Not cancelled with the request: a
    /// write acknowledged early could be followed by a read that still reuses a generation from before it. A timer may
    /// fire a little early, so the elapsed time is checked.
    /// </summary>
    private async Task OutwaitSharedReadsAsync()
    {
        if (_sharingTicks == 0)
        {
            return;
        }
        var bumped = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() - bumped <= _sharingTicks)
        {
            await Task.Delay(_sharing + TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>Readers arriving together share one renewal; none reads until it has succeeded.</summary>
    private Task RenewEpochAsync(CancellationToken cancellationToken)
    {
        lock (_renewalLock)
        {
            if (_renewal is null || _renewal.IsCompleted)
            {
                _renewal = RenewAsync();
            }
            return _renewal.WaitAsync(cancellationToken);
        }

        async Task RenewAsync()
        {
            // Epochs are time-ordered (version 7). After a lost connection alone, any epoch started since this process
            // lost Redis already makes everything older unreadable, so it renews only when the epoch is older than that
            // (or gone: a Redis that lost or rolled back its data). After a write whose bump may not have landed, it
            // renews whatever is there: what others cached since may predate that write. A process that never read an
            // epoch cached nothing to protect. So processes that lost Redis together drop the caches once, when the
            // first of them is back, not again at each later reconnection.
            var bumpFailed = Interlocked.Exchange(ref _bumpFailed, 0) == 1;
            var failedAt = Interlocked.Exchange(ref _failedAtMilliseconds, 0);
            bool renewed;
            try
            {
                renewed = bumpFailed
                    ? await _redis.GetDatabase().StringSetAsync(EpochKey, NewEpoch()).WaitAsync(_timeout)
                    : Volatile.Read(ref _epochSeen) is not null
                        && (bool)await _redis.GetDatabase().ScriptEvaluateAsync(RenewIfOlder, [EpochKey], [EpochAt(failedAt), NewEpoch()]).WaitAsync(_timeout);
            }
            catch
            {
                if (bumpFailed)
                {
                    Volatile.Write(ref _bumpFailed, 1);
                }
                Interlocked.CompareExchange(ref _failedAtMilliseconds, failedAt, 0);
                throw;
            }
            _sharedReads.Clear();
            Volatile.Write(ref _epochStale, 0);
            lock (_renewalLock)
            {
                _renewal = null;
            }
            if (renewed)
            {
                LogEpochRenewed(_logger);
            }
            else
            {
                LogEpochAlreadyRenewed(_logger);
            }
        }
    }

    /// <summary>
    /// Renews the epoch now and, while Redis stays connected, retries every second until it lands: a process that
    /// serves no reads for a while still starts its new epoch soon after Redis returns, not at its next read, which
    /// would empty every service's cache at some later moment. A new connection failure ends the retries; the
    /// connection's return starts them again.
    /// </summary>
    private async Task TryRenewEpochAsync()
    {
        var logged = false;
        while (Volatile.Read(ref _epochStale) == 1 && _redis.IsConnected)
        {
            try
            {
                await RenewEpochAsync(CancellationToken.None);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                if (!logged)
                {
                    LogEpochNotRenewed(_logger, ex);
                    logged = true;
                }
            }
            await Task.Delay(EpochRetryDelay);
        }
    }

    /// <summary>A read of generations, with when it was sent (<see cref="Stopwatch"/> ticks).</summary>
    private sealed record SharedRead(long AskedAt, Task<string> Generations);

    private static string NewEpoch() => Guid.CreateVersion7().ToString("N")[..16];

    /// <summary>The smallest epoch started at <paramref name="unixMilliseconds"/> (a version 7 id's time prefix).</summary>
    private static string EpochAt(long unixMilliseconds) => $"{unixMilliseconds:x12}7000";

    /// <summary>Sets the epoch to ARGV[2] when it is missing or older than ARGV[1]; 1 when it did.</summary>
    private const string RenewIfOlder =
        "local current = redis.call('GET', KEYS[1]) if (not current) or current < ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end";

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back: another process has started a new cache epoch since this one last read, so nothing cached before the outage is read again.")]
    private static partial void LogEpochAlreadyRenewed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back: started a new cache epoch, so nothing cached before the outage is read again.")]
    private static partial void LogEpochRenewed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is back but the new cache epoch could not be written; reads bypass the cache until it is, retried every second.")]
    private static partial void LogEpochNotRenewed(ILogger logger, Exception exception);
}
