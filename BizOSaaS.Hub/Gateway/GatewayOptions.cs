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

    /// <summary>How often replicas are looked up again through service discovery.</summary>
    public TimeSpan DiscoveryRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class GatewayServiceOptions
{
    /// <summary>How long a request to the service may take before the gateway answers 504.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The rate-limit tier of the service's routes (<c>default</c> unless set).</summary>
    public string? RateLimitTier { get; set; }
}
