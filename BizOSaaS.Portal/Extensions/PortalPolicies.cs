namespace BizOSaaS.Portal.Extensions;

/// <summary>What the Portal shows to whom; the hub enforces the same rules on every call.</summary>
public static class PortalPolicies
{
    /// <summary>A tenant admin of the tenant the session acts for: the team and the audit log.</summary>
    public const string TenantAdmin = "portal_tenant_admin";
}
