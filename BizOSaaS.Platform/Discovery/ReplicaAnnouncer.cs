using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using IServer = Microsoft.AspNetCore.Hosting.Server.IServer;

namespace BizOSaaS.Platform.Discovery;

/// <summary>
/// Announces this replica's HTTP addresses in the replica directory once the server listens, renews them while it
/// runs, and withdraws them first when it stops, then keeps serving for <see cref="ReplicaDirectoryOptions.DrainDelay"/>
/// so that no resolver still sends it new requests when it closes. A replica killed without stopping is dropped when its
/// announcement runs out (<see cref="ReplicaDirectoryOptions.Lifetime"/>). Redis being away is not a reason to stop: the
/// resolvers then use their configured addresses.
/// </summary>
/// <remarks>
/// Driven by the host's lifecycle: <see cref="IHostedLifecycleService.StartedAsync"/> runs once every hosted service has
/// started, so the web server listens; <see cref="IHostedLifecycleService.StoppingAsync"/> runs before any hosted service
/// stops, the web server included, so the server still takes requests during the drain delay.
/// </remarks>
internal sealed partial class ReplicaAnnouncer(
    IServer server, IConnectionMultiplexer redis, IOptions<ReplicaDirectoryOptions> options, ILogger<ReplicaAnnouncer> logger)
    : IHostedLifecycleService, IDisposable
{
    private readonly ReplicaDirectoryOptions _options = options.Value;
    private readonly CancellationTokenSource _stopRenewing = new();
    private IReadOnlyList<string> _addresses = [];
    private Task _renewing = Task.CompletedTask;

    private string Service => _options.Announce!;

    private string Key => ReplicaDirectoryOptions.RedisKey(Service);

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _addresses = [.. server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Where(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            .Select(a => a.TrimEnd('/')) ?? []];
        if (_addresses.Count == 0)
        {
            LogNoAddress(logger, Service);
            return Task.CompletedTask;
        }
        LogAnnouncing(logger, Service, string.Join(", ", _addresses));
        _renewing = RenewAsync(_stopRenewing.Token);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // No renewal in flight may put back what is withdrawn next.
        await _stopRenewing.CancelAsync();
        await _renewing;
        if (_addresses.Count == 0)
        {
            return;
        }
        try
        {
            await redis.GetDatabase().SortedSetRemoveAsync(Key, [.. _addresses.Select(a => (RedisValue)a)]);
            LogWithdrawn(logger, Service, _options.DrainDelay.TotalSeconds);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogWithdrawFailed(logger, ex, Service);
        }
        // Still serving: resolvers stop choosing this replica within their refresh interval.
        await Task.Delay(_options.DrainDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopRenewing.Dispose();

    private async Task RenewAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.RenewInterval);
        var failing = false;
        try
        {
            do
            {
                try
                {
                    await AddAsync();
                    if (failing)
                    {
                        LogRenewedAgain(logger, Service);
                    }
                    failing = false;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    if (!failing)
                    {
                        LogRenewFailed(logger, ex, Service);
                    }
                    failing = true;
                }
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task AddAsync()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)_options.Lifetime.TotalMilliseconds;
        var database = redis.GetDatabase();
        var add = database.SortedSetAddAsync(Key, [.. _addresses.Select(a => new SortedSetEntry(a, until))]);
        // Announcements that ran out (a replica killed without withdrawing) are cleared by whoever renews next.
        var clear = database.SortedSetRemoveRangeByScoreAsync(Key, double.NegativeInfinity, now, Exclude.Stop);
        var expire = database.KeyExpireAsync(Key, _options.Lifetime * 2);
        await Task.WhenAll(add, clear, expire);
    }

    [LoggerMessage(LogLevel.Information, "Announcing this {Service} replica at {Addresses} in the replica directory.")]
    private static partial void LogAnnouncing(ILogger logger, string service, string addresses);

    [LoggerMessage(LogLevel.Warning, "This {Service} replica listens on no http:// address, so it announces none; resolvers use their configured addresses.")]
    private static partial void LogNoAddress(ILogger logger, string service);

    [LoggerMessage(LogLevel.Warning, "Could not renew this {Service} replica's announcement; resolvers drop it when it runs out and use their configured addresses.")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string service);

    [LoggerMessage(LogLevel.Information, "This {Service} replica's announcement is renewed again.")]
    private static partial void LogRenewedAgain(ILogger logger, string service);

    [LoggerMessage(LogLevel.Information, "Withdrew this {Service} replica from the replica directory; serving {Seconds} s more while resolvers notice.")]
    private static partial void LogWithdrawn(ILogger logger, string service, double seconds);

    [LoggerMessage(LogLevel.Warning, "Could not withdraw this {Service} replica's announcement; it runs out by itself.")]
    private static partial void LogWithdrawFailed(ILogger logger, Exception exception, string service);
}
