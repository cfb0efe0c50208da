namespace BizOSaaS.Platform.Identity;

/// <summary>The claims the hub puts in every access token, read by every service.</summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string Name = "name";
    public const string Role = "role";
    public const string TenantId = "tenant_id";
    public const string TenantName = "tenant_name";
    public const string Plan = "plan";

    /// <summary>The hub's id of the token (its OpenID Connect server's token entry): what a revocation names.</summary>
    public const string TokenId = "oi_tkn_id";

    /// <summary>How much the plan scales the rate-limit tiers (invariant-culture number, 1 = as listed).</summary>
    public const string RateScale = "rate_scale";
}

/// <summary>Roles within a tenant (<see cref="TenantAdmin"/>, <see cref="Member"/>) and across the platform.</summary>
public static class PlatformRoles
{
    public const string PlatformAdmin = "platform_admin";
    public const string TenantAdmin = "tenant_admin";
    public const string Member = "member";

    /// <summary>A platform service acting for a tenant with a client-credentials token (no person).</summary>
    public const string Service = "service";

    /// <summary>The Portal's server acting for a tenant's anonymous shoppers: the storefront endpoints and nothing else.</summary>
    public const string Storefront = "storefront";

    public static bool IsTenantRole(string role) => role is TenantAdmin or Member;
}

/// <summary>Authorization policy names shared by every service.</summary>
public static class PlatformPolicies
{
    /// <summary>A signed-in user acting in a tenant (the default for every endpoint).</summary>
    public const string TenantUser = "tenant_user";

    /// <summary>A tenant admin acting in their tenant, or a platform admin.</summary>
    public const string TenantAdmin = "tenant_admin";

    /// <summary>Platform staff only.</summary>
    public const string PlatformAdmin = "platform_admin";

    /// <summary>A platform service acting for a tenant (callbacks and deliveries between services).</summary>
    public const string Service = "service";

    /// <summary>A tenant's public storefront (the Portal's server for anonymous shoppers).</summary>
    public const string Storefront = "storefront";
}
