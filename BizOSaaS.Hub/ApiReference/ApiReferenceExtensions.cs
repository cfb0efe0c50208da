using BizOSaaS.Hub.Gateway;
using BizOSaaS.Platform.Security;
using Microsoft.Extensions.Options;
using NetEscapades.AspNetCore.SecurityHeaders;
using Scalar.AspNetCore;

namespace BizOSaaS.Hub.ApiReference;

/// <summary>
/// One API reference for the whole platform at <c>/scalar</c> (Scalar): the hub's own document and every
/// gateway service's, fetched through the gateway so requests made from the page go through it too.
/// </summary>
public static class ApiReferenceExtensions
{
    public const string Path = "/scalar";
    private const string SecurityPolicy = "api-reference";
    private const string HubDocument = "hub";

    /// <summary>The page runs Scalar's script (served by the hub, with the request's nonce) and its inline styles.</summary>
    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSecurityHeaderPolicies(policies => policies.AddPolicy(SecurityPolicy,
            SecurityExtensions.PlatformHeaders(PlatformSecurityProfile.WebApp)));
        return builder;
    }

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi($"{GatewayProxyConfig.RoutePrefix}/{HubDocument}/openapi/{{documentName}}.json").AllowAnonymous();
        var services = app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value.Services.Keys.Order().ToList();
        app.MapScalarApiReference(Path, (options, context) =>
        {
            options.WithTitle("BizOSaaS API reference")
                .WithNonce(context.GetNonce())
                .AddPreferredSecuritySchemes("Bearer")
                .HideDeveloperTools()
                .DisableAgent()
                .DisableDefaultFonts();
            // Every document is at /api/brain/{name}/openapi/v1.json (the hub's own too), as an absolute
            // address: Scalar resolves relative ones against its own path.
            options.WithOpenApiRoutePattern($"{context.Request.Scheme}://{context.Request.Host}{GatewayProxyConfig.RoutePrefix}/{{documentName}}/openapi/v1.json");
            options.AddDocument(HubDocument, "hub (tenants, identity, gateway admin)", isDefault: true);
            foreach (var service in services)
            {
                options.AddDocument(service);
            }
        })
        .AllowAnonymous()
        .WithSecurityHeadersPolicy(SecurityPolicy);
        return app;
    }
}
