using System.Security.Claims;

namespace BizOSaaS.Platform.Identity;

/// <summary>Reads the platform's claims off the signed-in user.</summary>
public static class PlatformUser
{
    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(PlatformClaims.Subject)?.Value, out var id) ? id : null;

    public static Guid? TenantId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(PlatformClaims.TenantId)?.Value, out var id) ? id : null;

    /// <summary>The name a record's history shows for the user: their name, else their email, else their subject.</summary>
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirst(PlatformClaims.Name)?.Value ?? user.FindFirst(PlatformClaims.Email)?.Value ?? user.FindFirst(PlatformClaims.Subject)?.Value ?? "unknown";

    public static bool IsPlatformAdmin(this ClaimsPrincipal user) =>
        user.HasClaim(PlatformClaims.Role, PlatformRoles.PlatformAdmin);

    public static bool IsTenantAdmin(this ClaimsPrincipal user) =>
        user.TenantId() is not null && user.HasClaim(PlatformClaims.Role, PlatformRoles.TenantAdmin);
}
