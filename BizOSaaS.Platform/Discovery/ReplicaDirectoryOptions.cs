namespace BizOSaaS.Platform.Discovery;

/// <summary>
/// Settings of the replica directory in Redis (ADR 33): a service's replicas announce the address each serves on, and
/// the gateway balances requests over those addresses itself instead of going through a proxy in front of them. The
/// AppHost turns it on in a local run only, where every replica's own address is reachable from the hub; in a
/// deployment, service discovery's addresses (the platform's load balancer) are used as they are.
/// </summary>
public sealed class ReplicaDirectoryOptions
{
    public const string SectionName = "ReplicaDirectory";

    /// <summary>The service name this process announces its addresses under (e.g. <c>crm</c>); none: it does not announce.</summary>
    public string? Announce { get; set; }

    /// <summary>Whether service discovery in this process prefers announced replicas over its configured addresses.</summary>
    public bool Resolve { get; set; }

    /// <summary>How often a replica renews its announcement.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an announcement holds without renewal: a replica that died without saying so is dropped after this.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a resolving process reads the directory for the services it has been asked about.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a stopping replica keeps serving after it has withdrawn its announcement, so that the resolvers stop
    /// sending it requests before it stops taking them (at least one <see cref="RefreshInterval"/>).
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The Redis sorted set of one service's announced addresses, each scored with the Unix time (ms) it holds until.</summary>
    public static string RedisKey(string service) => $"bizosaas:replicas:{service}";
}
