namespace BizOSaaS.Hub.Contracts;

/// <summary>The body of the hub's <c>GET /api/brain/status</c>: the platform as the hub sees it.</summary>
public sealed record PlatformStatusResponse(string Status, DateTimeOffset CheckedAt, IReadOnlyList<ServiceStatus> Services);

/// <summary>One service's health as probed by the hub; <see cref="Error"/> says why it could not be probed.</summary>
public sealed record ServiceStatus(
    string Name,
    string Status,
    string? Endpoint,
    double DurationMs,
    IReadOnlyList<HealthCheckStatus> Checks,
    string? Error);

/// <summary>One entry of a service's <c>/health</c> report (e.g. its database or the cache).</summary>
public sealed record HealthCheckStatus(string Name, string Status, double DurationMs, string? Description);

/// <summary>The status strings the hub uses (a probe that got no answer is Unreachable; a dependency nobody reported on is Unknown).</summary>
public static class PlatformHealth
{
    public const string Healthy = "Healthy";
    public const string Degraded = "Degraded";
    public const string Unhealthy = "Unhealthy";
    public const string Unreachable = "Unreachable";
    public const string Unknown = "Unknown";
}
