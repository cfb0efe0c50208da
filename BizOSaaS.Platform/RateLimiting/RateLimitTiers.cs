namespace BizOSaaS.Platform.RateLimiting;

/// <summary>
/// The platform's rate limit tiers. Every endpoint is in <see cref="Default"/> unless it opts into
/// another with <c>.RequireRateLimiting(RateLimitTiers.Public)</c> and the like.
/// </summary>
public static class RateLimitTiers
{
    /// <summary>Anonymous traffic (sign-in, public catalogue): 30 a minute per client IP.</summary>
    public const string Public = "public";

    /// <summary>
    /// Suggestions as one types in a public search box (the directory's autocomplete): 300 a minute per client IP, apart
    /// from <see cref="Public"/>, so that typing does not use up the pages' allowance. Each answer is small and cached.
    /// </summary>
    public const string Suggest = "suggest";

    /// <summary>Everything else: 100 a minute per tenant and user.</summary>
    public const string Default = "default";

    /// <summary>AI generation, which costs real money: 10 a minute per tenant and user.</summary>
    public const string Ai = "ai";

    /// <summary>Platform administration: 1000 a minute per tenant and user.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Public, Suggest, Default, Ai, Admin];

    /// <summary>Sent by the storefront (the Portal) with its storefront token: the shopper a request is for (their address
    /// as the Portal sees it), so each shopper counts on their own instead of all of a shop's shoppers as one user.</summary>
    public const string ShopperHeader = "X-BizOSaaS-Shopper";

    internal static int DefaultPermitsPerMinute(string tier) => tier switch
    {
        Public => 30,
        Suggest => 300,
        Ai => 10,
        Admin => 1000,
        _ => 100,
    };
}
