using System.Globalization;
using System.Security.Claims;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http;

namespace BizOSaaS.Platform.RateLimiting;

/// <summary>Whose requests count together in a tier, and how many of them a minute may pass.</summary>
internal readonly record struct TierPartition(string Tier, string Partition, int PermitLimit)
{
    public const string TenantClaim = "tenant_id";
    public const string SubjectClaim = "sub";
    public const string RateScaleClaim = "rate_scale";

    public string RedisKey => $"ratelimit:{Tier}:{Partition}";

    /// <summary>
    /// Public traffic (and suggestions) counts per client IP. Every other tier counts per tenant and user (the same user
    /// in another tenant has its own allowance), scaled by the plan's <c>rate_scale</c> claim;
    /// a request without a user counts per client IP.
    /// </summary>
    public static TierPartition For(HttpContext context, string tier, int permitsPerMinute)
    {
        var ip = "ip=" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (tier is RateLimitTiers.Public or RateLimitTiers.Suggest)
        {
            return new TierPartition(tier, ip, permitsPerMinute);
        }

        var user = context.User;
        var subject = user.FindFirstValue(SubjectClaim) ?? user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(subject))
        {
            return new TierPartition(tier, ip, permitsPerMinute);
        }

        // Escaped so that no tenant or user id can produce another pair's key.
        var tenant = user.FindFirstValue(TenantClaim) ?? "";
        var partition = $"t={Uri.EscapeDataString(tenant)}:u={Uri.EscapeDataString(subject)}";
        // Only a storefront token (which only the Portal holds) may say which shopper a request is for.
        if (user.IsInRole(PlatformRoles.Storefront) && context.Request.Headers[RateLimitTiers.ShopperHeader] is [{ Length: > 0 and <= 64 } shopper])
        {
            partition += $":s={Uri.EscapeDataString(shopper)}";
        }
        return new TierPartition(tier, partition, Scale(permitsPerMinute, user.FindFirstValue(RateScaleClaim)));
    }

    private static int Scale(int permits, string? rateScale)
    {
        if (rateScale is null
            || !double.TryParse(rateScale, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale)
            || !double.IsFinite(scale)
            || scale <= 0)
        {
            return permits;
        }
        return (int)Math.Clamp(Math.Floor(permits * scale), 1, int.MaxValue);
    }
}
