using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace BizOSaaS.Platform.Discovery;

/// <summary>
/// The replica directory as this process reads it: for every service it has been asked about, the addresses its
/// replicas announce and still hold (sorted, so that replicas keep their names), read again every
/// <see cref="ReplicaDirectoryOptions.RefreshInterval"/>. <see cref="Changes"/> fires when any service's addresses
/// change, which makes service discovery resolve again. Redis being away reads as no announcement: resolvers then use
/// their configured addresses.
/// </summary>
public sealed partial class AnnouncedReplicas(
    IConnectionMultiplexer redis, IOptions<ReplicaDirectoryOptions> options, ILogger<AnnouncedReplicas> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _known = new();
    private readonly Lock _changes = new();
    private CancellationTokenSource _changed = new();
    private bool _unreadable;

    /// <summary>Fires once when the announced addresses of any service read so far change.</summary>
    public IChangeToken Changes
    {
        get
        {
            lock (_changes)
            {
                return new CancellationChangeToken(_changed.Token);
            }
        }
    }

    /// <summary>The addresses <paramref name="service"/>'s replicas announce; read from Redis the first time a service is asked about.</summary>
    public async ValueTask<IReadOnlyList<string>> AddressesAsync(string service, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(service, out var addresses))
        {
            return addresses;
        }
        addresses = await ReadAsync(redis.GetDatabase(), service);
        return _known.GetOrAdd(service, addresses);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync()
    {
        var database = redis.GetDatabase();
        var changed = false;
        foreach (var service in _known.Keys)
        {
            var addresses = await ReadAsync(database, service);
            if (!_known[service].SequenceEqual(addresses))
            {
                _known[service] = addresses;
                LogChanged(logger, service, addresses.Count == 0 ? "none (configured addresses apply)" : string.Join(", ", addresses));
                changed = true;
            }
        }
        if (changed)
        {
            CancellationTokenSource previous;
            lock (_changes)
            {
                previous = _changed;
                _changed = new CancellationTokenSource();
            }
            await previous.CancelAsync();
            previous.Dispose();
        }
    }

    private async Task<IReadOnlyList<string>> ReadAsync(IDatabase database, string service)
    {
        try
        {
            var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            var members = await database.SortedSetRangeByScoreAsync(ReplicaDirectoryOptions.RedisKey(service), now, double.PositiveInfinity, Exclude.Start);
            if (_unreadable)
            {
                LogReadableAgain(logger);
                _unreadable = false;
            }
            return [.. members.Select(m => m.ToString()).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (!_unreadable)
            {
                LogUnreadable(logger, ex);
                _unreadable = true;
            }
            return [];
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "Replicas announced for {Service}: {Addresses}.")]
    private static partial void LogChanged(ILogger logger, string service, string addresses);

    [LoggerMessage(LogLevel.Warning, "The replica directory cannot be read; services are reached at their configured addresses until it can.")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Information, "The replica directory can be read again.")]
    private static partial void LogReadableAgain(ILogger logger);
}
