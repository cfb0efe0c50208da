using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using Yarp.ReverseProxy.Model;
using RevokedAccessTokens = BizOSaaS.Platform.Identity.RevokedAccessTokens;
using ValidatedAccessTokens = BizOSaaS.Platform.Identity.ValidatedAccessTokens;

namespace BizOSaaS.Hub.Gateway;

/// <summary>
/// How the hub checks the access token of a request it forwards (ADR 25): as the services do (JwtBearer with the
/// hub's own signing keys and issuer, the API audience, revoked tokens refused, validated tokens held for their next
/// request), by the gateway routes' authorization policy. OpenIddict's server and validation stay the hub's scheme
/// for everything else; their per-request dispatch (dozens of handlers) is skipped for forwarded requests.
/// </summary>
public static class GatewayAuthentication
{
    public const string Scheme = "gateway";

    /// <summary>The policy of every gateway route that needs a signed-in caller.</summary>
    public const string Policy = "gateway";

    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    public static AuthenticationBuilder AddGatewayAuthentication(this AuthenticationBuilder authentication)
    {
        authentication.AddJwtBearer(Scheme, options => options.AcceptPlatformAccessTokens());
        authentication.Services.AddOptions<JwtBearerOptions>(Scheme)
            .Configure<IOptions<OpenIddictServerOptions>, RevokedAccessTokens, ValidatedAccessTokens>((options, server, revoked, validated) =>
            {
                // The keys and the issuer the hub signs with: nothing fetched, nothing configured twice.
                options.TokenValidationParameters.ValidIssuer = server.Value.Issuer?.AbsoluteUri;
                options.TokenValidationParameters.IssuerSigningKeys = server.Value.SigningCredentials.Select(c => c.Key).ToList();
                options.Events = PlatformAuthenticationExtensions.PlatformTokenEvents(revoked, validated);
            });
        authentication.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return authentication;
    }

    /// <summary>
    /// <see cref="PlatformAuthenticationExtensions.UsePlatformAuthentication"/> for the hub: a forwarded request is
    /// authenticated by its route's policy alone, so OpenIddict's request handlers do not run for it.
    /// </summary>
    public static WebApplication UseHubAuthentication(this WebApplication app)
    {
        app.UseWhen(context => context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is null, hub => hub.UseAuthentication());
        // A branch's UseAuthentication does not mark the application, and WebApplication would then add another one
        // at the start of the pipeline, for every request; the mark is the one UseAuthentication itself sets.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        app.UseAuthorization();
        app.UseTenantContext();
        return app;
    }
}
