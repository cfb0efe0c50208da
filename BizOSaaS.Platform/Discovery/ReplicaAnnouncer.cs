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
/// The withdrawal runs in <see cref="IHostedLifecycleService.StoppingAsync"/>, which the host calls before it stops any
/// hosted service, the web server included: the server still takes requests during the drain delay.
/// </remarks>
internal sealed partial class ReplicaAnnouncer(
    IServer server, IHostApplicationLifetime lifetime, IConnectionMultiplexer redis,
    IOptions<ReplicaDirectoryOptions> options, ILogger<ReplicaAnnouncer> logger) : BackgroundService, IHostedLifecycleService
{
    private readonly ReplicaDirectoryOptions _options = options.Value;
    // Renewals and the withdrawal one at a time, so that no renewal in flight puts back what was withdrawn.
    private readonly SemaphoreSlim _directory = new(1, 1);
    private IReadOnlyList<string> _addresses = [];
    private volatile bool _withdrawn;

    private string Key => ReplicaDirectoryOptions.RedisKey(_options.Announce!);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await ServerStartedAsync(stoppingToken))
        {
            return;
        }
        _addresses = [.. server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Where(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            .Select(a => a.TrimEnd('/')) ?? []];
        if (_addresses.Count == 0)
        {
            LogNoAddress(logger, _options.Announce!);
            return;
        }
        LogAnnouncing(logger, _options.Announce!, string.Join(", ", _addresses));
        using var timer = new PeriodicTimer(_options.RenewInterval);
        var failing = false;
        try
        {
            do
            {
                try
                {
                    await RenewAsync();
                    if (failing)
                    {
                        LogRenewedAgain(logger, _options.Announce!);
                    }
                    failing = false;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    if (!failing)
                    {
                        LogRenewFailed(logger, ex, _options.Announce!);
                    }
                    failing = true;
                }
            }
            while (!_withdrawn && await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _directory.WaitAsync(cancellationToken);
        try
        {
            _withdrawn = true;
            if (_addresses.Count == 0)
            {
                return;
            }
            await redis.GetDatabase().SortedSetRemoveAsync(Key, [.. _addresses.Select(a => (RedisValue)a)]);
            LogWithdrawn(logger, _options.Announce!, _options.DrainDelay.TotalSeconds);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogWithdrawFailed(logger, ex, _options.Announce!);
        }
        finally
        {
            _directory.Release();
        }
        // Still serving: resolvers stop choosing this replica within their refresh interval.
        await Task.Delay(_options.DrainDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Dispose()
    {
        _directory.Dispose();
        base.Dispose();
    }

    private async Task RenewAsync()
    {
        await _directory.WaitAsync();
        try
        {
            if (!_withdrawn)
            {
                await AddAsync();
            }
        }
        finally
        {
            _directory.Release();
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

    private async Task<bool> ServerStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
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
