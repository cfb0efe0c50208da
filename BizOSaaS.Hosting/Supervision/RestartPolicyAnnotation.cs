using Aspire.Hosting.ApplicationModel;

namespace BizOSaaS.Hosting.Supervision;

/// <summary>
/// A process that exits without being asked to is started again after a pause that doubles with each crash in a
/// row (1 s up to <see cref="MaxBackoff"/>); one that crashes <see cref="MaxCrashesBeforeHealthy"/> times in a row
/// without becoming healthy in between is given up on and reported as failed to start.
/// </summary>
public sealed class RestartPolicyAnnotation : IResourceAnnotation
{
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Healthy this long before a crash, a process starts its backoff over.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxCrashesBeforeHealthy { get; init; } = 5;
}

/// <summary>A resource that is meant to do its work and exit (a migration run): never restarted, and a failure if it exits with an error.</summary>
public sealed class RunsToCompletionAnnotation : IResourceAnnotation;
