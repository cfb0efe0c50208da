using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BizOSaaS.Platform.Caching;

/// <summary>
/// Adds this process's new counts to the shared Redis hash every few seconds. Counts that cannot be
/// published (Redis away) are kept and published with the next batch, so none are lost.
/// </summary>
internal sealed class CacheStatisticsPublisher(
    CacheStatistics statistics,
    IConnectionMultiplexer redis,
    IOptions<PlatformCachingOptions> options,
    PlatformCacheIdentity identity) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatisticsInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PublishAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        await PublishAsync();
    }

    private async Task PublishAsync()
    {
        var counts = statistics.TakeUnpublished();
        if (counts.Count == 0)
        {
            return;
        }
        if (!redis.IsConnected)
        {
            statistics.Restore(counts);
            return;
        }
        try
        {
            var batch = redis.GetDatabase().CreateBatch();
            var writes = counts.Select(c => batch.HashIncrementAsync(
                CacheStatistics.RedisHashKey, CacheStatistics.HashField(identity.Service, c.Category, c.Outcome), c.Count)).ToList();
            batch.Execute();
            await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // A batch that timed out may still land; counting it twice is the lesser harm than losing it.
            statistics.Restore(counts);
        }
    }
}
