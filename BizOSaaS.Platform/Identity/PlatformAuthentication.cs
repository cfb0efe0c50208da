using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.Tenancy;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Microsoft.Extensions.Hosting;

public static class PlatformAuthenticationExtensions
{
    /// <summary>The audience of every access token the hub issues for the platform's APIs.</summary>
    public const string ApiAudience = "bizosaas-api";

    /// <summary>Where services find the hub: a service-discovery name unless <c>Identity:Authority</c> says otherwise.</summary>
    public const string DefaultAuthority = "http://hub";

    /// <summary>
    /// Validates the hub's access tokens: issuer and signing keys come from the hub's discovery document,
    /// fetched through service discovery, so no address or key is configured by hand. Adds the platform's
    /// authorization policies and the tenant taken from the token.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var authority = (builder.Configuration["Identity:Authority"] ?? DefaultAuthority).TrimEnd('/');
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MetadataAddress = authority + "/.well-known/openid-configuration";
                options.RequireHttpsMetadata = authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                options.AcceptPlatformAccessTokens();
                // The hub may restart with the same keys; a refresh after a miss finds rotated ones.
                options.RefreshOnIssuerKeyNotFound = true;
            });
        builder.AddRevokedAccessTokens();
        // The discovery document and the keys are fetched with a client that resolves http://hub.
        builder.Services.AddHttpClient(JwtBearerDefaults.AuthenticationScheme);
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((options, clients) => options.Backchannel = clients.CreateClient(JwtBearerDefaults.AuthenticationScheme))
            .Configure<RevokedAccessTokens, ValidatedAccessTokens>((options, revoked, validated) => options.Events = PlatformTokenEvents(revoked, validated));

        builder.AddPlatformAuthorization();
        return builder;
    }

    /// <summary>The platform's access tokens as JwtBearer reads them: the API audience, the claims as issued.</summary>
    public static JwtBearerOptions AcceptPlatformAccessTokens(this JwtBearerOptions options)
    {
        options.MapInboundClaims = false;
        options.Audience = ApiAudience;
        options.TokenValidationParameters.NameClaimType = PlatformClaims.Name;
        options.TokenValidationParameters.RoleClaimType = PlatformClaims.Role;
        return options;
    }

    /// <summary>
    /// Token validation's events for the platform's access tokens: signature, issuer, audience and lifetime hold, and
    /// the hub has not revoked it (ADR 24); a token already validated in this process is taken from
    /// <see cref="ValidatedAccessTokens"/> instead of being parsed and its signature checked again, and is still
    /// refused once revoked or expired (ADR 25).
    /// </summary>
    public static JwtBearerEvents PlatformTokenEvents(RevokedAccessTokens revoked, ValidatedAccessTokens validated) => new()
    {
        OnMessageReceived = context =>
        {
            if (BearerToken(context.Request) is { } token && validated.TryGet(token, out var principal))
            {
                if (IsRevoked(revoked, principal))
                {
                    context.Fail("The access token was revoked.");
                }
                else
                {
                    context.Principal = principal;
                    context.Success();
                }
            }
            return Task.CompletedTask;
        },
        OnTokenValidated = context =>
        {
            if (IsRevoked(revoked, context.Principal))
            {
                context.Fail("The access token was revoked.");
            }
            else if (context.SecurityToken is JsonWebToken token && context.Principal is { } principal)
            {
                validated.Add(token.EncodedToken, principal, token.ValidTo, context.Options.TokenValidationParameters.ClockSkew);
            }
            return Task.CompletedTask;
        },
    };

    private static bool IsRevoked(RevokedAccessTokens revoked, System.Security.Claims.ClaimsPrincipal? principal) =>
        revoked.IsRevoked(principal?.FindFirst(PlatformClaims.TokenId)?.Value);

    /// <summary>The token of an <c>Authorization: Bearer</c> header, as JwtBearer reads it; or null.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7
            ? header[7..].Trim()
            : null;
    }

    /// <summary>
    /// The access tokens the hub revoked, known in this process (<see cref="RevokedAccessTokens"/>); token validation
    /// refuses them. Needs <c>AddPlatformRedisClient</c>.
    /// </summary>
    public static IHostApplicationBuilder AddRevokedAccessTokens(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<RevokedAccessTokens>();
        builder.Services.TryAddSingleton<ValidatedAccessTokens>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RevokedAccessTokens>());
        return builder;
    }

    /// <summary>The platform's policies; every endpoint needs a signed-in user unless it says otherwise.</summary>
    public static IHostApplicationBuilder AddPlatformAuthorization(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<TenantContext>();
        // Signed in, and not a storefront token: that one acts for shoppers and is accepted only where the Storefront
        // policy is named, never by an endpoint that asks only for a signed-in caller.
        var signedIn = new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireAssertion(context => !context.User.IsInRole(PlatformRoles.Storefront)).Build();
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(signedIn)
            .SetFallbackPolicy(signedIn)
            .AddPolicy(PlatformPolicies.TenantUser, policy => policy.RequireAuthenticatedUser().RequireClaim(PlatformClaims.TenantId)
                // A storefront token acts for shoppers, not staff: none of the tenant's own endpoints.
                .RequireAssertion(context => !context.User.IsInRole(PlatformRoles.Storefront)))
            .AddPolicy(PlatformPolicies.TenantAdmin, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.IsTenantAdmin() || context.User.IsPlatformAdmin()))
            .AddPolicy(PlatformPolicies.PlatformAdmin, policy => policy.RequireAuthenticatedUser().RequireRole(PlatformRoles.PlatformAdmin))
            .AddPolicy(PlatformPolicies.Service, policy => policy.RequireAuthenticatedUser().RequireClaim(PlatformClaims.TenantId).RequireRole(PlatformRoles.Service))
            .AddPolicy(PlatformPolicies.Storefront, policy => policy.RequireAuthenticatedUser().RequireClaim(PlatformClaims.TenantId).RequireRole(PlatformRoles.Storefront));
        return builder;
    }

    /// <summary>Authentication, authorization, and the request's tenant taken from its token.</summary>
    public static WebApplication UsePlatformAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseTenantContext();
        return app;
    }

    /// <summary>Sets <see cref="TenantContext"/> from the <c>tenant_id</c> claim for the rest of the request.</summary>
    public static WebApplication UseTenantContext(this WebApplication app)
    {
        var tenants = app.Services.GetRequiredService<TenantContext>();
        app.Use(async (context, next) =>
        {
            using (tenants.Use(context.User.TenantId()))
            {
                await next(context);
            }
        });
        return app;
    }
}
