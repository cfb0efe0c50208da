using System.Security.Claims;
using BizOSaaS.Platform.Identity;

namespace BizOSaaS.Hub.Approvals;

/// <summary>Who is acting on a request, as their token says: a person (a user id and email) or a service
/// acting for the tenant (its client id and the role <c>service</c>), with the roles they hold there.</summary>
public sealed record ApprovalActor(Guid? UserId, string? Email, string? ClientId, IReadOnlySet<string> Roles)
{
    public bool IsPerson => UserId is not null && !IsService;

    public bool IsService => Roles.Contains(PlatformRoles.Service);

    /// <summary>A tenant admin of the tenant, or platform staff (who hold a tenant admin's rights, as everywhere on the platform).</summary>
    public bool IsAdmin => Roles.Contains(PlatformRoles.TenantAdmin) || Roles.Contains(PlatformRoles.PlatformAdmin);

    /// <summary>How the history and the callbacks name them.</summary>
    public string Name => Email ?? ClientId ?? "unknown";

    /// <summary>Whether they hold <paramref name="role"/> in the tenant; platform staff hold tenant admin's.</summary>
    public bool Holds(string role) =>
        Roles.Contains(role) || (role == PlatformRoles.TenantAdmin && Roles.Contains(PlatformRoles.PlatformAdmin));

    public static ApprovalActor From(ClaimsPrincipal user)
    {
        var roles = user.FindAll(PlatformClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var subject = user.FindFirst(PlatformClaims.Subject)?.Value;
        var isService = roles.Contains(PlatformRoles.Service);
        return new ApprovalActor(
            isService ? null : user.UserId(),
            isService ? null : user.FindFirst(PlatformClaims.Email)?.Value,
            isService ? subject : null,
            roles);
    }
}
