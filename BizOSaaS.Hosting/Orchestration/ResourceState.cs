namespace BizOSaaS.Hosting.Orchestration;

/// <summary>Aspire's resource states (KnownResourceStates).</summary>
public static class ResourceStates
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Stopping = "Stopping";
    public const string Exited = "Exited";
    public const string FailedToStart = "FailedToStart";
}

public enum HealthStatus
{
    Unhealthy,
    Healthy,
}

/// <summary>One row of the dashboard: a single instance (replica) of a resource.</summary>
public sealed record ResourceSnapshot(
    string Id,
    string Resource,
    string Type,
    int Replica,
    string State,
    string? Health,
    IReadOnlyList<string> Endpoints,
    int? Pid,
    DateTimeOffset? StartedAt,
    int Restarts,
    int? ExitCode,
    bool CanStart,
    bool CanStop);
