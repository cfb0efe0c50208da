using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace BizOSaaS.Platform.OpenApi;

/// <summary>
/// Every service's OpenAPI document (<c>/openapi/v1.json</c>): the hub's bearer tokens as its security
/// scheme, and, when it is fetched through the hub's gateway, the API as reached there: the server is
/// <c>/api/brain/{service}</c> and paths lose their <c>/api</c> prefix, so the hub's API reference can
/// send requests through the gateway.
/// </summary>
public static class PlatformOpenApi
{
    /// <summary>Set by the gateway on the request for a service's document: the service's prefix on the hub.</summary>
    public const string GatewayPrefixHeader = "X-Gateway-Prefix";

    public const string BearerScheme = "Bearer";

    public static IHostApplicationBuilder AddPlatformOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, context, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from the hub (/connect/token).",
                };
                if (context.ApplicationServices.GetService<IHttpContextAccessor>()?.HttpContext?.Request.Headers[GatewayPrefixHeader].ToString()
                    is { Length: > 0 } prefix && prefix.StartsWith("/api/brain/", StringComparison.Ordinal))
                {
                    document.Servers = [new OpenApiServer { Url = prefix, Description = "Through the hub's gateway" }];
                    var paths = new OpenApiPaths();
                    foreach (var (path, item) in document.Paths)
                    {
                        paths.Add(path.StartsWith("/api/", StringComparison.Ordinal) ? path[4..] : path, item);
                    }
                    document.Paths = paths;
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                    });
                }
                return Task.CompletedTask;
            });
        });
        builder.Services.AddHttpContextAccessor();
        return builder;
    }
}
