using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;

namespace BizOSaaS.Platform.Identity;

/// <summary>
/// Access tokens revoked before they expire, known to every process without a lookup per request (ADR 24). The hub
/// records a revocation in Redis (a sorted set of token ids scored by their expiry) and announces it on a channel;
/// every process keeps the ids in memory: read from the set when it starts and whenever its connection to Redis comes
/// back, kept current by the channel. Checking a token is a dictionary lookup. An id is forgotten <see cref="KeptAfterExpiry"/>
/// after its token expired: token validation refuses it from then on anyway (its clock skew is no longer than that).
/// </summary>
public sealed partial class RevokedAccessTokens : IHostedService
{
    public const string SetKey = "bizosaas:revoked-access-tokens";

    /// <summary>Token validation's default clock skew: an expired token is still accepted for this long.</summary>
    public static readonly TimeSpan KeptAfterExpiry = TokenValidationParameters.DefaultClockSkew;

    private static readonly RedisChannel Channel = RedisChannel.Literal(SetKey);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _clock;
    private readonly ILogger<RevokedAccessTokens> _logger;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private bool _subscribed;

    public RevokedAccessTokens(IConnectionMultiplexer redis, TimeProvider clock, ILogger<RevokedAccessTokens> logger)
    {
        _redis = redis;
        _clock = clock;
        _logger = logger;
        _redis.ConnectionRestored += (_, e) =>
        {
            // Revocations announced while this process was cut off never reached it: read the set again.
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                _ = LoadAsync();
            }
        };
    }

    public bool IsRevoked(string? tokenId) => tokenId is not null && _revoked.ContainsKey(tokenId);

    /// <summary>
    /// Records a revocation in Redis and announces it to every process (the hub's revocation endpoint). Throws when Redis
    /// cannot take it, so the caller can refuse the revocation instead of acknowledging one the services never hear of.
    /// </summary>
    public async Task RevokeAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var expiry = expiresAt.ToUnixTimeSeconds();
        // One round trip, all or nothing: recorded, announced, and the expired ids dropped (nothing else cleans the set).
        var transaction = _redis.GetDatabase().CreateTransaction();
        _ = transaction.SortedSetAddAsync(SetKey, tokenId, expiry);
        _ = transaction.PublishAsync(Channel, $"{expiry.ToString(CultureInfo.InvariantCulture)} {tokenId}");
        _ = transaction.SortedSetRemoveRangeByScoreAsync(SetKey, double.NegativeInfinity, (_clock.GetUtcNow() - KeptAfterExpiry).ToUnixTimeSeconds());
        if (!await transaction.ExecuteAsync().WaitAsync(cancellationToken))
        {
            throw new RedisException("Redis did not record the revocation.");
        }
        Remember(tokenId, expiresAt);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Without Redis the service starts anyway (as rate limits and the cache do) and reads the set once it is back.
        _ = LoadAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task LoadAsync()
    {
        if (!_redis.IsConnected)
        {
            return;
        }
        await _loading.WaitAsync();
        try
        {
            // Subscribe first, then read: a revocation between the two is in one or the other, never in neither. Once
            // subscribed, the multiplexer subscribes again by itself after a reconnect.
            if (!_subscribed)
            {
                await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => OnAnnounced(message));
                _subscribed = true;
            }
            var now = _clock.GetUtcNow();
            var stored = await _redis.GetDatabase().SortedSetRangeByScoreWithScoresAsync(SetKey, (now - KeptAfterExpiry).ToUnixTimeSeconds(), double.PositiveInfinity);
            foreach (var entry in stored)
            {
                Remember(entry.Element!, DateTimeOffset.FromUnixTimeSeconds((long)entry.Score));
            }
            ForgetExpired(now);
            LogLoaded(stored.Length);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Read again when the connection comes back.
            LogLoadFailed(exception.Message);
        }
        finally
        {
            _loading.Release();
        }
    }

    private void OnAnnounced(RedisValue message)
    {
        var text = message.ToString();
        var space = text.IndexOf(' ');
        if (space > 0 && long.TryParse(text.AsSpan(0, space), NumberStyles.Integer, CultureInfo.InvariantCulture, out var expiry))
        {
            Remember(text[(space + 1)..], DateTimeOffset.FromUnixTimeSeconds(expiry));
        }
    }

    private void Remember(string tokenId, DateTimeOffset expiresAt)
    {
        _revoked[tokenId] = expiresAt;
        // Revocations are rare; sweeping on every 64th keeps memory bounded without a timer.
        if (_revoked.Count % 64 == 0)
        {
            ForgetExpired(_clock.GetUtcNow());
        }
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (tokenId, expiresAt) in _revoked)
        {
            if (expiresAt + KeptAfterExpiry < now)
            {
                _revoked.TryRemove(tokenId, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} revoked access tokens read from Redis.")]
    private partial void LogLoaded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoked access tokens could not be read from Redis ({Reason}); they are read again when it is back.")]
    private partial void LogLoadFailed(string reason);
}
