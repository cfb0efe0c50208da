namespace BizOSaaS.Platform.Caching;

/// <summary>Settings under <c>Caching</c>.</summary>
public sealed class PlatformCachingOptions
{
    public const string SectionName = "Caching";

    /// <summary>Off: every read goes to the database (counted as a bypass). For measuring, and as a switch for operators.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a read waits for Redis's generations before it reads the database instead.</summary>
    public int RedisTimeoutMilliseconds { get; set; } = 250;

    /// <summary>
    /// The longest a value stays in this process's memory (L1), whatever its category's lifetime;
    /// bounds memory, not freshness (generations keep every copy fresh).
    /// </summary>
    public TimeSpan LocalLifetimeCap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one read of the generations in Redis answers every read of the same generations in this process (0: each
    /// read asks Redis). A write that bumps a generation waits this long after the bump before it is acknowledged, so a
    /// read that starts after the acknowledgement never reuses an answer Redis gave before the bump (ADR 9, addendum).
    /// </summary>
    public TimeSpan GenerationReadSharing { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How often the counts are added to the shared statistics in Redis.</summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The name this process caches under (its resource name, e.g. <c>crm</c>): keys of two services never meet.</summary>
public sealed record PlatformCacheIdentity(string Service);
