using BizOSaaS.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class SecurityExtensions
{
    /// <summary>The largest request body a service reads; a bigger one is answered 413.</summary>
    public const long MaxRequestBodySize = 10 * 1024 * 1024;

    public const string AllowedOriginsKey = "Platform:AllowedOrigins";
    public const string AllowedOriginsCsvKey = "Platform:AllowedOriginsCsv";

    /// <summary>
    /// Kestrel without a Server header and with a 10 MB body limit; a default CORS policy that lets
    /// only the origins in <c>Platform:AllowedOrigins</c> (or the comma-separated
    /// <c>Platform:AllowedOriginsCsv</c>) call with credentials.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
        });

        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IConfiguration>((cors, configuration) =>
        {
            var origins = AllowedOrigins(configuration);
            // No origins configured: an empty policy, so no cross-origin request is let through.
            cors.AddDefaultPolicy(policy =>
            {
                if (origins.Length > 0)
                {
                    policy.WithOrigins(origins).AllowCredentials().AllowAnyHeader().AllowAnyMethod();
                }
            });
        });

        // 413, 415 and other bad requests come back as problem details with their own status: the minimal
        // API sets the status, or in Development throws BadHttpRequestException, which the handler maps.
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadHttpRequestProblemHandler>();
        return builder;
    }

    /// <summary>
    /// OWASP's secure headers on every response (errors and /health included), a Content-Security-Policy
    /// for the <paramref name="profile"/> that <paramref name="extendCsp"/> may add to, and the default
    /// CORS policy. Call it first after <c>Build()</c>, before <c>MapDefaultEndpoints()</c>.
    /// A directive that <paramref name="extendCsp"/> adds replaces the profile's directive of that name,
    /// e.g. <c>csp => csp.AddFormAction().Self().From("https://hub.example")</c>.
    /// </summary>
    public static WebApplication UsePlatformSecurity(
        this WebApplication app, PlatformSecurityProfile profile, Action<CspBuilder>? extendCsp = null)
    {
        app.UseSecurityHeaders(PlatformHeaders(profile, extendCsp));
        app.UseCors();
        return app;
    }

    /// <summary>
    /// The headers <see cref="UsePlatformSecurity"/> sends, for a named policy that some endpoints use
    /// instead (<c>AddSecurityHeaderPolicies(p => p.AddPolicy(name, PlatformHeaders(...)))</c> and
    /// <c>.WithSecurityHeadersPolicy(name)</c>).
    /// </summary>
    public static HeaderPolicyCollection PlatformHeaders(PlatformSecurityProfile profile, Action<CspBuilder>? extendCsp = null) =>
        new HeaderPolicyCollection()
            .AddContentTypeOptionsNoSniff()
            .AddFrameOptionsDeny()
            .AddReferrerPolicyNoReferrer()
            .AddCrossOriginOpenerPolicy(coop => coop.SameOrigin())
            .AddCrossOriginResourcePolicy(corp => corp.SameOrigin())
            .AddPermissionsPolicyWithDefaultSecureDirectives()
            // The library sends HSTS over https only; behind a TLS-terminating proxy the service
            // itself speaks http, so it is sent on every response (browsers ignore it over http).
            .AddCustomHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
            .RemoveServerHeader()
            .AddContentSecurityPolicy(csp =>
            {
                if (profile == PlatformSecurityProfile.WebApp)
                {
                    AddWebAppPolicy(csp);
                }
                else
                {
                    csp.AddDefaultSrc().None();
                    csp.AddFrameAncestors().None();
                }
                extendCsp?.Invoke(csp);
            });

    // Blazor Server with MudBlazor: no eval is needed; MudBlazor sets inline styles. The one inline
    // script is the <ImportMap />, which takes the request's nonce:
    // <ImportMap nonce="@HttpContext.GetNonce()" />. The SignalR websocket goes to the app's own
    // origin, which 'self' covers (CSP Level 3).
    private static void AddWebAppPolicy(CspBuilder csp)
    {
        csp.AddDefaultSrc().Self();
        csp.AddScriptSrc().Self().WithNonce();
        csp.AddStyleSrc().Self().UnsafeInline();
        csp.AddConnectSrc().Self();
        csp.AddImgSrc().Self().Data();
        csp.AddFontSrc().Self().Data();
        csp.AddFrameAncestors().None();
        csp.AddFormAction().Self();
        csp.AddBaseUri().Self();
        csp.AddObjectSrc().None();
    }

    private static string[] AllowedOrigins(IConfiguration configuration)
    {
        var listed = configuration.GetSection(AllowedOriginsKey).Get<string[]>() ?? [];
        var csv = (configuration[AllowedOriginsCsvKey] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return listed.Concat(csv)
            .Where(origin => !string.IsNullOrWhiteSpace(origin))
            .Select(origin => origin.Trim().TrimEnd('/'))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }
}
