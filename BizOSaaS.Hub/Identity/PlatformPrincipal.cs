using System.Globalization;
using System.Security.Claims;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BizOSaaS.Hub.Identity;

/// <summary>What the hub's tokens say: the user, the tenant they act for, their roles and the tenant's plan.</summary>
public static class PlatformPrincipal
{
    public static ClaimsPrincipal ForUser(UserAccount user, TenantChoice choice, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id.ToString())
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.Name, user.DisplayName);

        var roles = new List<string>();
        if (user.IsPlatformAdmin)
        {
            roles.Add(PlatformRoles.PlatformAdmin);
        }
        if (choice.Tenant is { } tenant)
        {
            roles.Add(choice.Role!);
            identity.SetClaim(PlatformClaims.TenantId, tenant.Id.ToString())
                .SetClaim(PlatformClaims.TenantName, tenant.Name)
                .SetClaim(PlatformClaims.Plan, tenant.PlanId)
                .SetClaim(PlatformClaims.RateScale, (tenant.Plan?.RateScale ?? 1).ToString(CultureInfo.InvariantCulture));
        }
        identity.SetClaims(Claims.Role, [.. roles]);

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetResources(PlatformAuthenticationExtensions.ApiAudience);
        principal.SetDestinations(Destinations);
        return principal;
    }

    /// <summary>A service calling another with a client-credentials token: no user; no tenant unless it asked to act
    /// for one, then that tenant and <paramref name="role"/> (<c>service</c>, or <c>storefront</c> for the Portal's shop).</summary>
    public static ClaimsPrincipal ForClient(string clientId, string? displayName, IEnumerable<string> scopes, Tenant? tenant = null, string role = PlatformRoles.Service)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, displayName ?? clientId);
        if (tenant is not null)
        {
            identity.SetClaim(PlatformClaims.TenantId, tenant.Id.ToString())
                .SetClaim(PlatformClaims.TenantName, tenant.Name)
                .SetClaim(PlatformClaims.Plan, tenant.PlanId)
                .SetClaim(PlatformClaims.RateScale, (tenant.Plan?.RateScale ?? 1).ToString(CultureInfo.InvariantCulture))
                .SetClaims(Claims.Role, [role]);
        }
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetResources(PlatformAuthenticationExtensions.ApiAudience);
        principal.SetDestinations(Destinations);
        return principal;
    }

    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        // The identity token tells the web app who signed in and where; the access token tells every API.
        Claims.Name or Claims.Email or Claims.Role or PlatformClaims.TenantId or PlatformClaims.TenantName or PlatformClaims.Plan
            => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        _ => [OpenIddictConstants.Destinations.AccessToken],
    };
}
