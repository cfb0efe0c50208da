namespace BizOSaaS.Platform.Tenancy;

/// <summary>The ids of the tenants the hub seeds in Development (README, "Signing in"), so a service can
/// generate its Development-only demo data for them. Never used outside Development.</summary>
public static class DevelopmentTenants
{
    public static readonly Guid CorelDove = Guid.Parse("0b6f3a10-0000-4000-8000-00000000c01d");
    public static readonly Guid Bizoholic = Guid.Parse("0b6f3a10-0000-4000-8000-0000000b1201");
    public static readonly Guid ThrillRing = Guid.Parse("0b6f3a10-0000-4000-8000-0000000771a1");
}
