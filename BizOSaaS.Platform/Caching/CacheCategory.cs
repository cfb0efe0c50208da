namespace BizOSaaS.Platform.Caching;

/// <summary>
/// What a cached value is, which fixes how long it lives: the earlier platform's categories and
/// lifetimes. The name is part of every key and of the metrics, and is what platform admins pass to
/// drop one category of a tenant's cache.
/// </summary>
public sealed record CacheCategory(string Name, TimeSpan Lifetime)
{
    public static readonly CacheCategory AiResponses = new("ai_responses", TimeSpan.FromHours(1));
    public static readonly CacheCategory ApiCalls = new("api_calls", TimeSpan.FromMinutes(5));
    public static readonly CacheCategory UserData = new("user_data", TimeSpan.FromMinutes(30));
    public static readonly CacheCategory TenantConfig = new("tenant_config", TimeSpan.FromHours(2));
    public static readonly CacheCategory LeadAnalysis = new("lead_analysis", TimeSpan.FromMinutes(30));
    public static readonly CacheCategory ContentGeneration = new("content_generation", TimeSpan.FromHours(1));
    public static readonly CacheCategory SeoAnalysis = new("seo_analysis", TimeSpan.FromHours(2));
    public static readonly CacheCategory Ecommerce = new("ecommerce", TimeSpan.FromMinutes(10));

    public static IReadOnlyList<CacheCategory> All { get; } =
        [AiResponses, ApiCalls, UserData, TenantConfig, LeadAnalysis, ContentGeneration, SeoAnalysis, Ecommerce];

    public static CacheCategory? Find(string? name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Name;
}
