namespace BizOSaaS.Hub.Gateway;

/// <summary>
/// The gateway's configuration (<c>Gateway</c> section). A service is exposed at <c>/api/brain/{name}/...</c>
/// by one entry under <c>Services</c>; the earlier platform's paths are <c>Aliases</c>.
/// </summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>By service-discovery name (<c>crm</c> is found at <c>services:crm:http:*</c>).</summary>
    public Dictionary<string, GatewayServiceOptions> Services { get; set; } = [];

    /// <summary>Old path under /api/brain → new path under /api/brain, e.g. <c>django-crm/leads</c> → <c>crm/leads</c>.</summary>
    public Dictionary<string, string> Aliases { get; set; } = [];
}

public sealed class GatewayServiceOptions
{
    /// <summary>How long a request to the service may take before the gateway answers 504.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A rate-limit tier the gateway applies to the service's routes, on top of the service's own. Unset (the
    /// default), the gateway does not count: the service counts each request once, in the tier its endpoint
    /// declares, so a request through the gateway uses one permit, as a direct one does.
    /// </summary>
    public string? RateLimitTier { get; set; }

    /// <summary>
    /// Connections the gateway keeps open to the service at most (HTTP/1.1: one request each); requests beyond wait
    /// in the hub for one to be free.
    /// </summary>
    public int MaxConnections { get; set; } = 128;

    /// <summary>Paths under the service's <c>/api</c> (e.g. <c>leads/import</c>) that take large bodies and long
    /// processing: they get <see cref="UploadBodyLimit"/> instead of the platform's 10 MB, and <see cref="UploadTimeout"/>.
    /// The service still enforces its own limit.</summary>
    public List<string> UploadPaths { get; set; } = [];

    /// <summary>Paths under the service's <c>/api</c> (e.g. <c>public</c>) anyone may call without a token, each with everything
    /// below it. The service limits them (the public tier, per client address): the gateway appends the caller's address to
    /// <c>X-Forwarded-For</c>, so the service counts each visitor, and the Portal's, on their own.</summary>
    public List<string> PublicPaths { get; set; } = [];

    public long UploadBodyLimit { get; set; } = 200L * 1024 * 1024;

    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
