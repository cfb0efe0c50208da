namespace BizOSaaS.Platform.RateLimiting;

/// <summary>The <c>RateLimiting</c> configuration section.</summary>
public sealed class PlatformRateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary><c>RateLimiting:Tiers:{tier}:PermitsPerMinute</c>; a tier left out keeps its default.</summary>
    public Dictionary<string, RateLimitTierOptions> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>RateLimiting:RedisTimeoutMilliseconds</c>: how long one decision may wait for Redis before
    /// the request is counted in memory instead. Short, so a dead Redis does not slow every request.
    /// </summary>
    public int RedisTimeoutMilliseconds { get; set; } = 250;

    public int PermitsPerMinute(string tier) =>
        Tiers.TryGetValue(tier, out var options) && options.PermitsPerMinute is > 0 and var permits
            ? permits
            : RateLimitTiers.DefaultPermitsPerMinute(tier);
}

public sealed class RateLimitTierOptions
{
    public int? PermitsPerMinute { get; set; }
}
