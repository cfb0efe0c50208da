using BizOSaaS.Platform.Security;
using BizOSaaS.Ui.Identity;
using BizOSaaS.Ui.PlatformStatus;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using MudBlazor.Services;

namespace BizOSaaS.Ui;

public static class UiExtensions
{
    /// <summary>
    /// What Portal and Admin share: interactive server components, MudBlazor, the clients the shared
    /// components use, and a friendly /Error page for browsers instead of problem details.
    /// </summary>
    public static IHostApplicationBuilder AddBizOSaaSUi(this IHostApplicationBuilder builder, string clientId, string? requiredRole = null)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        // The exception handler from MapDefaultEndpoints() writes problem details; a browser gets the /Error page instead.
        builder.Services.Configure<ExceptionHandlerOptions>(options =>
        {
            options.ExceptionHandlingPath = "/Error";
            options.CreateScopeForErrors = true;
        });

        // Service discovery and resilience come from AddServiceDefaults(), which applies them to every HttpClient.
        builder.Services.AddHttpClient<HubStatusClient>(client => client.BaseAddress = HubStatusClient.HubAddress);

        builder.AddPlatformSecurity();
        builder.AddPlatformRedisClient("cache");
        builder.AddSharedDataProtection(clientId);
        builder.AddPlatformSignIn(clientId, requiredRole);
        return builder;
    }

    /// <summary>Security headers, sign-in, antiforgery and the app's components, every page behind sign-in;
    /// <paramref name="extendCsp"/> changes the web app's Content-Security-Policy (a directive added again replaces the profile's).</summary>
    public static WebApplication MapBizOSaaSUi<TApp>(this WebApplication app, Action<CspBuilder>? extendCsp = null)
    {
        app.UsePlatformSecurity(PlatformSecurityProfile.WebApp, extendCsp);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapPlatformSignIn();
        app.MapRazorComponents<TApp>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization(PlatformSignIn.AppPolicy);
        return app;
    }
}
