using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace BizOSaaS.ServiceDefaults.Telemetry;

/// <summary>
/// How much of the traffic is traced (ADR 25), from the section <see cref="SectionName"/>: a share of the traces
/// chosen by trace id, every request that failed, and slow ones up to a budget a second, each with its spans in the
/// same process.
/// </summary>
public sealed class TraceSamplingOptions
{
    public const string SectionName = "Telemetry:Traces";

    /// <summary>The share of traces exported whatever their outcome, from 0 to 1; 1 exports every trace.</summary>
    public double SampleRatio { get; set; } = 1.0;

    /// <summary>A request that takes at least this long is exported with its spans even when not sampled.</summary>
    public TimeSpan SlowThreshold { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Slow requests each process exports a second beyond the sampled ones, at most; 0 for no limit. Under overload
    /// every request is slow: exporting them all would trace everything when the platform can least afford it (the
    /// request duration metrics still count every one). Failed requests are always exported.
    /// </summary>
    public int SlowTracesPerSecond { get; set; } = 10;
}

/// <summary>
/// Samples a new trace by its id at the configured ratio and follows the caller's decision otherwise; an
/// activity that is not sampled is still recorded (its data collected, not exported), so that
/// <see cref="TailSamplingProcessor"/> can export it once it turns out to have failed or been slow. Unlike
/// OpenTelemetry's parent-based sampler, a call from a caller that did not sample is recorded too: the callee's
/// failure is kept even when the caller's request succeeded.
/// </summary>
public sealed class RecordingRatioSampler(double ratio) : Sampler
{
    private static readonly SamplingResult Sampled = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult RecordedOnly = new(SamplingDecision.RecordOnly);
    private readonly TraceIdRatioBasedSampler _byTraceId = new(Math.Clamp(ratio, 0, 1));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.ParentContext.TraceId != default)
        {
            return samplingParameters.ParentContext.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? Sampled : RecordedOnly;
        }
        return _byTraceId.ShouldSample(samplingParameters).Decision == SamplingDecision.RecordAndSample ? Sampled : RecordedOnly;
    }
}

/// <summary>
/// In front of the export processor: passes sampled activities on; keeps the spans of a request that was not sampled
/// with its local root (the request's span in this process) until the root ends, then exports them all if any of
/// them failed, or the root took at least the slow threshold and this second's budget of slow traces is not spent,
/// and drops them otherwise.
/// </summary>
public sealed class TailSamplingProcessor(BaseProcessor<Activity> exportProcessor, TraceSamplingOptions options)
    : CompositeProcessor<Activity>([exportProcessor])
{
    private static readonly ConditionalWeakTable<Activity, HeldSpanList> HeldSpans = new();
    private long _second;
    private int _slowInSecond;

    public override void OnEnd(Activity data)
    {
        if (data.Recorded || !data.IsAllDataRequested)
        {
            base.OnEnd(data);
            return;
        }

        var root = data;
        while (root.Parent is { } parent)
        {
            root = parent;
        }
        if (!ReferenceEquals(root, data))
        {
            // A span of a request still running: held with the request, and marks it as worth keeping if it failed.
            HeldSpans.GetValue(root, _ => new HeldSpanList()).Add(data, failed: data.Status == ActivityStatusCode.Error);
            return;
        }

        HeldSpans.TryGetValue(data, out var held);
        var failed = data.Status == ActivityStatusCode.Error || held?.AnyFailed == true;
        if (!failed && (data.Duration < options.SlowThreshold || !TakeSlowPermit()))
        {
            return;
        }
        foreach (var span in held?.Drain() ?? [])
        {
            span.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            base.OnEnd(span);
        }
        data.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
        base.OnEnd(data);
    }

    /// <summary>One of this second's <see cref="TraceSamplingOptions.SlowTracesPerSecond"/>, if any is left.</summary>
    private bool TakeSlowPermit()
    {
        if (options.SlowTracesPerSecond <= 0)
        {
            return true;
        }
        var second = Environment.TickCount64 / 1000;
        if (Interlocked.Exchange(ref _second, second) != second)
        {
            Interlocked.Exchange(ref _slowInSecond, 0);
        }
        return Interlocked.Increment(ref _slowInSecond) <= options.SlowTracesPerSecond;
    }

    private sealed class HeldSpanList
    {
        private readonly List<Activity> _spans = [];

        public bool AnyFailed { get; private set; }

        public void Add(Activity span, bool failed)
        {
            lock (_spans)
            {
                _spans.Add(span);
                AnyFailed |= failed;
            }
        }

        public Activity[] Drain()
        {
            lock (_spans)
            {
                var spans = _spans.ToArray();
                _spans.Clear();
                return spans;
            }
        }
    }
}
