using System.Security.Claims;
using BizOSaaS.Ui.PlatformApi;
using BizOSaaS.Ui.PlatformStatus;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BizOSaaS.Ui.Identity;

/// <summary>
/// Sign-in through the hub for Portal and Admin: authorization code + PKCE as a confidential client, the
/// session in a cookie that carries the hub's tokens, sign-out at the hub too, and tenant switching.
/// </summary>
public static class PlatformSignIn
{
    public const string AccessTokenClaim = "access_token";
    public const string RefreshTokenClaim = "refresh_token";
    public const string SignInPath = "/account/signin";
    public const string SignOutPath = "/account/signout";
    public const string SwitchTenantPath = "/account/switch-tenant";
    public const string AccessDeniedPath = "/access-denied";
    public const string AppPolicy = "app";

    public static IHostApplicationBuilder AddPlatformSignIn(this IHostApplicationBuilder builder, string clientId, string? requiredRole = null)
    {
        var authority = builder.Configuration["Identity:Authority"] ?? builder.Configuration["services:hub:http:0"]
            ?? throw new InvalidOperationException("The hub's address is unknown: start the platform with BizOSaaS.AppHost or set Identity:Authority.");
        var client = new PlatformClientIdentity(clientId, builder.Configuration["Identity:ClientSecret"] ?? "");

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = $"bizosaas.{clientId}";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                // No longer than the access token inside it; the hub's own session signs the person straight back in.
                options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                options.SlidingExpiration = false;
                options.AccessDeniedPath = AccessDeniedPath;
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = authority.TrimEnd('/') + "/";
                options.RequireHttpsMetadata = authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                options.ClientId = client.ClientId;
                options.ClientSecret = client.ClientSecret;
                options.ResponseType = OpenIdConnectResponseType.Code;
                // A redirect, not an auto-posting form: the hub's content security policy allows no inline script.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;
                options.SaveTokens = false;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email", "roles", "offline_access" })
                {
                    options.Scope.Add(scope);
                }
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = "role";
                options.Events.OnTokenValidated = context =>
                {
                    // The access token's claims (tenant, plan, roles) and the tokens themselves travel in the cookie,
                    // so interactive components can call the hub as the person.
                    var identity = (ClaimsIdentity)context.Principal!.Identity!;
                    AddTokenClaims(identity, context.TokenEndpointResponse!.AccessToken, context.TokenEndpointResponse.RefreshToken);
                    return Task.CompletedTask;
                };
                options.Events.OnRemoteFailure = context =>
                {
                    // The hub refused (a suspended tenant, say): show its reason instead of an exception.
                    var reason = context.Failure?.Message ?? "Sign-in failed.";
                    context.Response.Redirect($"{AccessDeniedPath}?reason={Uri.EscapeDataString(reason)}");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((options, clients) => options.Backchannel = clients.CreateClient(OpenIdConnectDefaults.AuthenticationScheme));
        builder.Services.AddHttpClient(OpenIdConnectDefaults.AuthenticationScheme);

        builder.Services.AddAuthorizationBuilder().AddPolicy(AppPolicy, policy =>
        {
            policy.RequireAuthenticatedUser();
            if (requiredRole is not null)
            {
                policy.RequireRole(requiredRole);
            }
        });
        builder.Services.AddSingleton(client);
        builder.Services.AddHttpClient<HubTokenClient>(client => client.BaseAddress = HubStatusClient.HubAddress);
        builder.Services.AddHttpClient<PlatformApiClient>(client => client.BaseAddress = HubStatusClient.HubAddress);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    /// <summary>Sign-in, sign-out and tenant switching; plain HTTP endpoints, as they set cookies.</summary>
    public static IEndpointRouteBuilder MapPlatformSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = IsLocal(returnUrl) ? returnUrl : "/" }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();

        app.MapPost(SignOutPath, () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]))
            .RequireAuthorization();

        app.MapPost(SwitchTenantPath, async (HttpContext context, HubTokenClient tokens, [FromForm] Guid tenantId) =>
        {
            var refreshToken = context.User.FindFirst(RefreshTokenClaim)?.Value;
            if (refreshToken is null)
            {
                return Results.Redirect(SignInPath);
            }
            var result = await tokens.SwitchTenantAsync(refreshToken, tenantId, context.RequestAborted);
            if (result.Tokens is not { } switched)
            {
                return Results.Redirect($"/?switchError={Uri.EscapeDataString(result.Error ?? "The switch was refused.")}");
            }
            var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, "name", "role");
            AddTokenClaims(identity, switched.AccessToken, switched.RefreshToken ?? refreshToken);
            var properties = (await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Properties;
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties);
            return Results.Redirect("/");
        }).RequireAuthorization();
        return app;
    }

    /// <summary>Replaces the identity's claims with those of the access token, and keeps both tokens.</summary>
    private static void AddTokenClaims(ClaimsIdentity identity, string accessToken, string? refreshToken)
    {
        var token = new JsonWebToken(accessToken);
        foreach (var existing in identity.Claims.ToList())
        {
            identity.RemoveClaim(existing);
        }
        foreach (var claim in token.Claims.Where(c => c.Type is "sub" or "name" or "email" or "role" or "tenant_id" or "tenant_name" or "plan"))
        {
            identity.AddClaim(new Claim(claim.Type, claim.Value));
        }
        identity.AddClaim(new Claim(AccessTokenClaim, accessToken));
        if (refreshToken is not null)
        {
            identity.AddClaim(new Claim(RefreshTokenClaim, refreshToken));
        }
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
