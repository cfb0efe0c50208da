using System.Diagnostics.Metrics;
using StackExchange.Redis;

namespace BizOSaaS.Platform.Caching;

/// <summary>How a cached read was served.</summary>
public enum CacheOutcome
{
    /// <summary>From memory or Redis, without running the query.</summary>
    Hit,

    /// <summary>The query ran and its result was cached.</summary>
    Miss,

    /// <summary>Redis could not be asked, so the query ran and nothing was cached.</summary>
    Bypass,
}

/// <summary>
/// Hits, misses and bypasses per category: as the OpenTelemetry counter <c>bizosaas.cache.requests</c>
/// (tags <c>category</c>, <c>outcome</c>) and as running totals that <see cref="CacheStatisticsPublisher"/>
/// adds to one Redis hash shared by every service and replica, which the hub reads for
/// <c>GET /api/brain/admin/cache/stats</c>.
/// </summary>
public sealed class CacheStatistics
{
    public const string MeterName = "BizOSaaS.Caching";
    public const string RedisHashKey = "bizosaas:cache:stats";

    private static readonly CacheOutcome[] Outcomes = Enum.GetValues<CacheOutcome>();
    private readonly Counter<long> _requests;
    private readonly long[] _unpublished = new long[CacheCategory.All.Count * Outcomes.Length];

    public CacheStatistics(IMeterFactory meters)
    {
        _requests = meters.Create(MeterName).CreateCounter<long>(
            "bizosaas.cache.requests", unit: "{request}", description: "Cached reads by category and outcome (hit, miss, bypass).");
    }

    public void Record(CacheCategory category, CacheOutcome outcome)
    {
        _requests.Add(1, new("category", category.Name), new("outcome", OutcomeName(outcome)));
        Interlocked.Increment(ref _unpublished[Slot(category, outcome)]);
    }

    /// <summary>Takes the counts not yet published; <see cref="Restore"/> gives them back if publishing fails.</summary>
    internal List<(CacheCategory Category, CacheOutcome Outcome, long Count)> TakeUnpublished()
    {
        var taken = new List<(CacheCategory, CacheOutcome, long)>();
        foreach (var category in CacheCategory.All)
        {
            foreach (var outcome in Outcomes)
            {
                var count = Interlocked.Exchange(ref _unpublished[Slot(category, outcome)], 0);
                if (count > 0)
                {
                    taken.Add((category, outcome, count));
                }
            }
        }
        return taken;
    }

    internal void Restore(IEnumerable<(CacheCategory Category, CacheOutcome Outcome, long Count)> counts)
    {
        foreach (var (category, outcome, count) in counts)
        {
            Interlocked.Add(ref _unpublished[Slot(category, outcome)], count);
        }
    }

    /// <summary>The published totals of every service, from the shared Redis hash.</summary>
    public static async Task<IReadOnlyList<CacheCounts>> ReadPublishedAsync(IConnectionMultiplexer redis)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(RedisHashKey);
        var counts = new Dictionary<(string Service, string Category), CacheCounts>();
        foreach (var entry in entries)
        {
            var parts = entry.Name.ToString().Split('|');
            if (parts.Length != 3 || !long.TryParse(entry.Value.ToString(), out var value))
            {
                continue;
            }
            var key = (parts[0], parts[1]);
            var current = counts.GetValueOrDefault(key, new CacheCounts(parts[0], parts[1], 0, 0, 0));
            counts[key] = parts[2] switch
            {
                "hit" => current with { Hits = current.Hits + value },
                "miss" => current with { Misses = current.Misses + value },
                "bypass" => current with { Bypasses = current.Bypasses + value },
                _ => current,
            };
        }
        return counts.Values.OrderBy(c => c.Category).ThenBy(c => c.Service).ToList();
    }

    internal static string HashField(string service, CacheCategory category, CacheOutcome outcome) =>
        $"{service}|{category.Name}|{OutcomeName(outcome)}";

    private static string OutcomeName(CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit => "hit",
        CacheOutcome.Miss => "miss",
        _ => "bypass",
    };

    private static int Slot(CacheCategory category, CacheOutcome outcome)
    {
        var index = 0;
        while (!ReferenceEquals(CacheCategory.All[index], category))
        {
            index++;
        }
        return index * Outcomes.Length + (int)outcome;
    }
}

/// <summary>One service's totals for one category.</summary>
public sealed record CacheCounts(string Service, string Category, long Hits, long Misses, long Bypasses);
