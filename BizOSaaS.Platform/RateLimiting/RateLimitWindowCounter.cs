using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BizOSaaS.Platform.RateLimiting;

/// <summary>The outcome of counting one request against its tier.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, long Remaining, TimeSpan RetryAfter);

/// <summary>
/// Counts requests per tier and partition in fixed one-minute windows kept in Redis, so the limits
/// hold across replicas. When Redis cannot answer in time, counts in this process instead (the limits
/// then hold per replica) and says so once in the log, never failing the request.
/// </summary>
internal sealed partial class RateLimitWindowCounter : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // One atomic step per decision. The window starts at the partition's first request and Redis
    // keeps the clock (PEXPIRE/PTTL), so replicas need no agreement on time.
    private const string CountScript = """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          ttl = tonumber(ARGV[2])
        end
        local limit = tonumber(ARGV[1])
        if count > limit then
          return {0, 0, ttl}
        end
        return {1, limit - count, ttl}
        """;

    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<PlatformRateLimitingOptions> _options;
    private readonly ILogger<RateLimitWindowCounter> _logger;
    private readonly PartitionedRateLimiter<TierPartition> _local;
    private IConnectionMultiplexer? _redis;
    private bool _redisResolved;
    private int _degraded;

    public RateLimitWindowCounter(
        IServiceProvider services,
        IOptionsMonitor<PlatformRateLimitingOptions> options,
        ILogger<RateLimitWindowCounter> logger)
    {
        _services = services;
        _options = options;
        _logger = logger;
        _local = PartitionedRateLimiter.Create<TierPartition, TierPartition>(partition =>
            RateLimitPartition.GetFixedWindowLimiter(partition, p => new FixedWindowRateLimiterOptions
            {
                PermitLimit = p.PermitLimit,
                Window = Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>True while decisions are made in this process because Redis did not answer.</summary>
    public bool IsDegraded => Volatile.Read(ref _degraded) == 1;

    public async ValueTask<RateLimitDecision> CountAsync(TierPartition partition, CancellationToken cancellationToken)
    {
        var redis = Redis();
        if (redis is { IsConnected: true })
        {
            try
            {
                var decision = await CountInRedisAsync(redis, partition, cancellationToken);
                if (Interlocked.Exchange(ref _degraded, 0) == 1)
                {
                    LogRedisBack(_logger);
                }
                return decision;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                EnterDegraded(ex);
            }
        }
        else
        {
            EnterDegraded(null);
        }

        return CountLocally(partition);
    }

    private async Task<RateLimitDecision> CountInRedisAsync(IConnectionMultiplexer redis, TierPartition partition, CancellationToken cancellationToken)
    {
        var result = await redis.GetDatabase()
            .ScriptEvaluateAsync(
                CountScript,
                [(RedisKey)partition.RedisKey],
                [partition.PermitLimit, (long)Window.TotalMilliseconds])
            .WaitAsync(TimeSpan.FromMilliseconds(_options.CurrentValue.RedisTimeoutMilliseconds), cancellationToken);

        var values = (RedisResult[])result!;
        var allowed = (long)values[0] == 1;
        var remaining = (long)values[1];
        var ttl = Math.Max(0, (long)values[2]);
        return new RateLimitDecision(allowed, remaining, TimeSpan.FromMilliseconds(ttl));
    }

    private RateLimitDecision CountLocally(TierPartition partition)
    {
        using var lease = _local.AttemptAcquire(partition);
        if (lease.IsAcquired)
        {
            return new RateLimitDecision(true, _local.GetStatistics(partition)?.CurrentAvailablePermits ?? 0, TimeSpan.Zero);
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        return new RateLimitDecision(false, 0, retryAfter);
    }

    private void EnterDegraded(Exception? cause)
    {
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogRedisUnavailable(_logger, cause);
        }
    }

    private IConnectionMultiplexer? Redis()
    {
        // Resolved lazily: the multiplexer is optional, and connecting must not happen at startup.
        if (!_redisResolved)
        {
            _redis = _services.GetService<IConnectionMultiplexer>();
            _redisResolved = true;
        }
        return _redis;
    }

    public void Dispose() => _local.Dispose();

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Redis is unavailable for rate limiting; rate limits are per-instance until Redis returns.")]
    private static partial void LogRedisUnavailable(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Redis is back; rate limits hold across instances again.")]
    private static partial void LogRedisBack(ILogger logger);
}
