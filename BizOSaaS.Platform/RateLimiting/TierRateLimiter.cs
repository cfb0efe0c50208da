using System.Diagnostics;
using System.Threading.RateLimiting;

namespace BizOSaaS.Platform.RateLimiting;

/// <summary>
/// One partition of a tier, as ASP.NET Core's rate limiter middleware sees it. Holds no count itself:
/// every decision is one call to the shared <see cref="RateLimitWindowCounter"/>.
/// </summary>
internal sealed class TierRateLimiter(TierPartition partition, RateLimitWindowCounter counter) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // The middleware tries the synchronous path first and waits on AcquireAsync when it fails; the
    // count lives in Redis, so only the asynchronous path decides.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        permitCount == 0 ? TierLease.Granted(partition) : TierLease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0)
        {
            return TierLease.Granted(partition);
        }
        var decision = await counter.CountAsync(partition, cancellationToken);
        return decision.Allowed ? TierLease.Granted(partition) : TierLease.Rejected(partition, decision.RetryAfter);
    }
}

internal sealed class TierLease : RateLimitLease
{
    public const string TierMetadata = "TIER";
    public const string LimitMetadata = "PERMITS_PER_MINUTE";

    public static readonly TierLease Undecided = new(false, null, null);

    private readonly TierPartition? _partition;
    private readonly TimeSpan? _retryAfter;

    private TierLease(bool acquired, TierPartition? partition, TimeSpan? retryAfter)
    {
        IsAcquired = acquired;
        _partition = partition;
        _retryAfter = retryAfter;
    }

    public static TierLease Granted(TierPartition partition) => new(true, partition, null);

    public static TierLease Rejected(TierPartition partition, TimeSpan retryAfter) => new(false, partition, retryAfter);

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames
    {
        get
        {
            if (_retryAfter is not null)
            {
                yield return MetadataName.RetryAfter.Name;
            }
            if (_partition is not null)
            {
                yield return TierMetadata;
                yield return LimitMetadata;
            }
        }
    }

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName switch
        {
            _ when metadataName == MetadataName.RetryAfter.Name => _retryAfter,
            TierMetadata => _partition?.Tier,
            LimitMetadata => _partition?.PermitLimit,
            _ => null,
        };
        return metadata is not null;
    }
}
