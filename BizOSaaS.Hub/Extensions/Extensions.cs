using BizOSaaS.Hub.ApiReference;
using BizOSaaS.Hub.Approvals;
using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Gateway;
using BizOSaaS.Hub.Identity;
using BizOSaaS.Hub.PlatformAdmin;
using BizOSaaS.Hub.Seed;
using BizOSaaS.Hub.Status;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.OpenApi;
using BizOSaaS.Platform.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;

namespace BizOSaaS.Hub.Extensions;

public static class Extensions
{
    /// <summary>The hub: its database, the shared cache, the OpenID Connect server, tenants and the audit log.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformSecurity();
        builder.Services.AddValidation();
        builder.AddValidationProblems();
        builder.AddTenantDbContext<HubDb>("hubdb");
        builder.AddPlatformRedisClient("cache");
        builder.AddReplicaDirectory();
        builder.AddPlatformCaching();
        builder.AddSharedDataProtection("hub");
        builder.AddPlatformOpenApi();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddIdentityServer();
        builder.AddPlatformRateLimiting();
        builder.AddGateway();
        builder.AddApiReference();
        builder.AddPlatformAdmin();
        builder.AddApprovals();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddHostedService<PlanCatalog>();
        builder.Services.AddHostedService<OidcClients>();
        builder.Services.AddHostedService<DevelopmentSeed>();
        builder.Services.AddHttpClient<CrmLeadCounter>(client => client.BaseAddress = CrmLeadCounter.CrmAddress).AddCallerToken();

        builder.Services.Configure<PlatformStatusOptions>(builder.Configuration.GetSection("Platform"));
        // A health probe reports what it sees: no retries, no circuit breaker, its own short timeout.
        // RemoveAllResilienceHandlers is marked for evaluation; it is the documented way to opt one client out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<PlatformStatusProbe>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    /// <summary>
    /// Every endpoint of the hub, by subsystem; each subsystem's API files are in its own folder, next to its domain
    /// code. The gateway comes last: its routes catch what no other endpoint answers.
    /// </summary>
    public static IEndpointRouteBuilder MapHubApi(this IEndpointRouteBuilder app)
    {
        // Identity: the OpenID Connect endpoints and the hub's sign-in page.
        app.MapConnectApi();
        app.MapAccountApi();

        // Tenancy: tenants, their members and their audit log.
        app.MapTenantApi();
        app.MapShopsApi();
        app.MapMembersApi();
        app.MapAuditApi();

        // Approvals: the queue, its types, and its live updates to the web apps.
        app.MapApprovalsApi();
        app.MapApprovalTypesApi();
        app.MapApprovalsLiveHub();

        // Platform administration (Admin console): figures across tenants, the cache.
        app.MapAdminApi();
        app.MapCacheAdminApi();

        // The platform's status, and the gateway to the services.
        app.MapStatusApi();
        app.MapGatewayApi();
        app.MapGateway();
        return app;
    }

    /// <summary>
    /// The API profile of the secure headers, plus what the sign-in page needs: its stylesheet, and posting
    /// a form whose redirects end at the web apps' sign-in callbacks (browsers hold redirects after a form
    /// post to form-action).
    /// </summary>
    public static WebApplication UseHubSecurity(this WebApplication app)
    {
        var clientOrigins = new[] { OidcClients.Portal, OidcClients.Admin }
            .Select(client => app.Configuration[$"Identity:Clients:{client}:Origin"]?.TrimEnd('/'))
            .OfType<string>()
            .ToArray();
        app.UsePlatformSecurity(PlatformSecurityProfile.Api, csp =>
        {
            csp.AddStyleSrc().Self();
            csp.AddFormAction().Self().From(clientOrigins);
        });
        return app;
    }

    /// <summary>
    /// OpenIddict as the platform's OpenID Connect server (keys in hubdb), its own token validation for the
    /// hub's APIs, the sign-in cookie of the hub's sign-in page, and the platform's policies.
    /// </summary>
    private static void AddIdentityServer(this IHostApplicationBuilder builder)
    {
        var issuer = builder.Configuration["Identity:Issuer"]
            ?? builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0]
            // The build's OpenAPI document run has no address; the issuer does not show in the document.
            ?? (BuildTimeDocuments.IsGenerating ? "http://localhost" : null)
            ?? throw new InvalidOperationException("Set Identity:Issuer to the hub's public address.");

        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<HubDb>())
            .AddServer(options =>
            {
                options.SetIssuer(new Uri(issuer.TrimEnd('/') + "/"));
                options.SetAuthorizationEndpointUris(ConnectApi.AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris(ConnectApi.TokenPath.TrimStart('/'), ConnectApi.TenantSwitchPath.TrimStart('/'))
                    .SetEndSessionEndpointUris(ConnectApi.EndSessionPath.TrimStart('/'))
                    .SetRevocationEndpointUris(AccessTokenRevocation.Path.TrimStart('/'));
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();
                if (builder.Environment.IsDevelopment())
                {
                    // For scripts and benchmarks only (bizosaas-cli); never offered outside Development.
                    options.AllowPasswordFlow();
                }
                options.RegisterScopes("openid", "profile", "email", "roles", "offline_access");
                // Every service validates access tokens with the published keys alone.
                options.DisableAccessTokenEncryption();
                options.SetAccessTokenLifetime(TimeSpan.FromMinutes(30));
                options.SetRefreshTokenLifetime(TimeSpan.FromDays(14));
                var aspNetCore = options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (!issuer.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
                options.AddEventHandler(AccessTokenRevocation.Descriptor);
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                // As the services do: a token the hub issued for another audience is not one for the platform's APIs.
                options.AddAudiences(PlatformAuthenticationExtensions.ApiAudience);
                // A token in a query string ends up in logs; only the approvals hub's WebSocket needs one there.
                options.UseAspNetCore().DisableAccessTokenExtractionFromQueryString();
                options.AddEventHandler(ApprovalsLiveHubAccessToken.Descriptor);
                options.AddEventHandler(RevokedAccessTokenRefusal.Descriptor);
            });
        builder.AddRevokedAccessTokens();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<OpenIddictServerOptions>, PersistedIdentityKeys>();

        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .AddGatewayAuthentication()
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.LoginPath = AccountApi.LoginPath;
                options.Cookie.Name = "bizosaas.hub";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        builder.AddPlatformAuthorization();
        builder.Services.AddAntiforgery();

        builder.Services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        builder.Services.Configure<SignInLockoutOptions>(builder.Configuration.GetSection("Identity:Lockout"));
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddScoped<TenantSelection>();
    }
}
