using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Identity;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BizOSaaS.Hub.Identity;

/// <summary>
/// The OpenID Connect server's own endpoints (OpenIddict hands them over to us): authorization code + PKCE,
/// token (code, refresh, client credentials, and password for the CLI in Development), end session.
/// <c>POST /api/brain/tenant/switch</c> is the token endpoint too: a refresh grant with <c>tenant_id</c>.
/// </summary>
public static class ConnectApi
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string EndSessionPath = "/connect/logout";
    public const string TenantSwitchPath = "/api/brain/tenant/switch";

    /// <summary>The extra token-request parameter that names the tenant to act for.</summary>
    public const string TenantParameter = "tenant_id";

    public static IEndpointRouteBuilder MapConnectApi(this IEndpointRouteBuilder app)
    {
        // Not rate limited by client IP: a web app's server calls these for all of its users from one
        // address. Password guessing meets the lockout; codes and refresh tokens are bound to their client.
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], Authorize).AllowAnonymous().ExcludeFromDescription().DisableRateLimiting();
        app.MapPost(TokenPath, Exchange).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery().DisableRateLimiting();
        app.MapPost(TenantSwitchPath, Exchange).AllowAnonymous().DisableAntiforgery().DisableRateLimiting()
            .WithTags("Tenants")
            .WithName("SwitchTenant")
            .WithSummary("New tokens for another tenant of the same user: a form-encoded refresh_token grant with tenant_id. 403 when the user is not a member.");
        app.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSession).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery()
            .DisableRateLimiting();
        return app;
    }

    private static async Task<IResult> Authorize(HttpContext context, HubDb db, TenantSelection tenants, CancellationToken cancellationToken)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be read.");

        var cookie = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var user = cookie.Succeeded && cookie.Principal.UserId() is { } userId
            ? await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            : null;
        if (user is null || request.HasPromptValue(PromptValues.Login))
        {
            // To the hub's sign-in page, which comes back here once the person has signed in.
            var parameters = context.Request.HasFormContentType ? context.Request.Form.ToList() : context.Request.Query.ToList();
            var returnUrl = context.Request.PathBase + context.Request.Path + QueryString.Create(parameters.Where(p => p.Key != Parameters.Prompt));
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [CookieAuthenticationDefaults.AuthenticationScheme]);
        }

        var choice = await tenants.ChooseAsync(user, TenantIdOf(request), cancellationToken);
        if (choice.Refused)
        {
            return Refuse(Errors.AccessDenied, choice.Refusal!);
        }
        return Results.SignIn(PlatformPrincipal.ForUser(user, choice, request.GetScopes()), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Exchange(HttpContext context, HubDb db, PasswordSignIn passwords, TenantSelection tenants, AuditLog audit,
        IOpenIddictApplicationManager applications, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be read.");
        var switching = context.Request.Path.StartsWithSegments(TenantSwitchPath);
        var requestedTenant = TenantIdOf(request);
        if (request[TenantParameter] is not null && requestedTenant is null)
        {
            return FieldErrors.Of(TenantParameter, "tenant_id must be a tenant's id (a UUID).").ToProblem();
        }
        if (switching && (!request.IsRefreshTokenGrantType() || requestedTenant is null))
        {
            return FieldErrors.Of(TenantParameter,
                "Switching tenants takes a form-encoded grant_type=refresh_token, the refresh_token, the client_id and the tenant_id to switch to.").ToProblem();
        }

        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken);
            var name = application is null ? null : await applications.GetDisplayNameAsync(application, cancellationToken);
            Tenant? tenant = null;
            if (requestedTenant is { } tenantId)
            {
                // Only the platform's own services client and the Portal (for its storefront) may act for a tenant, and only for one that is open.
                tenant = request.ClientId is OidcClients.Services or OidcClients.Portal
                    ? await db.Tenants.AsNoTracking().Include(t => t.Plan).FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken)
                    : null;
                if (tenant is null || !tenant.IsOpen(clock.GetUtcNow()))
                {
                    return Refuse(Errors.InvalidGrant, tenant is null ? "This client cannot act for that tenant." : tenant.ClosedReason(clock.GetUtcNow()));
                }
            }
            // The Portal's token serves the tenant's anonymous shoppers: the storefront role, never the services' one.
            var role = request.ClientId == OidcClients.Portal ? PlatformRoles.Storefront : PlatformRoles.Service;
            return Results.SignIn(PlatformPrincipal.ForClient(request.ClientId!, name, request.GetScopes(), tenant, role), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsPasswordGrantType())
        {
            // Only the Development CLI client is allowed this grant (see OidcClients).
            var check = await passwords.CheckAsync(request.Username, request.Password, cancellationToken);
            if (check.Kind != SignInResultKind.Succeeded)
            {
                return Refuse(Errors.InvalidGrant, check.Message);
            }
            var choice = await tenants.ChooseAsync(check.User!, requestedTenant, cancellationToken);
            if (choice.Refused)
            {
                await audit.RecordAsync(choice.Tenant?.Id, AuditEventTypes.SignInRefused, choice.Refusal!, check.User, check.User, cancellationToken);
                return Refuse(Errors.InvalidGrant, choice.Refusal!);
            }
            await audit.RecordAsync(choice.Tenant?.Id, AuditEventTypes.SignInSucceeded, $"Signed in with {request.ClientId}", check.User, check.User, cancellationToken);
            return Results.SignIn(PlatformPrincipal.ForUser(check.User!, choice, request.GetScopes()), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var granted = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = granted.Principal?.UserId() is { } userId
                ? await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
                : null;
            if (user is null)
            {
                return Refuse(Errors.InvalidGrant, "The account no longer exists.");
            }
            if (user.LockedUntil > clock.GetUtcNow())
            {
                return Refuse(Errors.InvalidGrant, "This account is locked.");
            }

            var currentTenant = granted.Principal!.TenantId();
            var choice = await tenants.ChooseAsync(user, requestedTenant ?? currentTenant, cancellationToken);
            if (choice.Refused)
            {
                if (switching)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Switch refused", detail: choice.Refusal);
                }
                return Refuse(Errors.InvalidGrant, choice.Refusal!);
            }
            if (requestedTenant is not null && requestedTenant != currentTenant)
            {
                await audit.RecordAsync(choice.Tenant!.Id, AuditEventTypes.TenantSwitched, $"Switched to {choice.Tenant.Name}", user, user, cancellationToken);
            }
            return Results.SignIn(PlatformPrincipal.ForUser(user, choice, granted.Principal!.GetScopes()), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static async Task<IResult> EndSession(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        // Back to the client's post_logout_redirect_uri, which OpenIddict has checked against its registration.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static Guid? TenantIdOf(OpenIddictRequest request) =>
        Guid.TryParse((string?)request[TenantParameter], out var tenantId) ? tenantId : null;

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
