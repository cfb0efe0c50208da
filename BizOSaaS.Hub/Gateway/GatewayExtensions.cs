using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace BizOSaaS.Hub.Gateway;

public static class GatewayExtensions
{
    /// <summary>Route metadata: the body size a route accepts instead of the platform's 10 MB (upload paths).</summary>
    public const string MaxRequestBodySizeMetadata = "MaxRequestBodySize";

    /// <summary>YARP with routes from configuration and destinations from service discovery.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.SectionName));
        builder.Services.AddSingleton<GatewayTraffic>();
        builder.Services.AddSingleton<IProxyConfigProvider, GatewayProxyConfig>();
        builder.Services.AddRequestTimeouts();
        builder.Services.AddReverseProxy().AddServiceDiscoveryDestinationResolver();
        builder.Services.AddSingleton<IForwarderHttpClientFactory, RecycledConnectionsForwarderFactory>();
        return builder;
    }

    /// <summary>
    /// <c>/api/brain/{service}/{**path}</c> → that service's <c>/api/{path}</c>. A service with no healthy replica,
    /// or one that cannot be reached, is answered 503 problem details at once; one that is too slow, 504.
    /// </summary>
    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder app)
    {
        var traffic = app.ServiceProvider.GetRequiredService<GatewayTraffic>();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use((context, next) =>
            {
                if (context.GetReverseProxyFeature().Route.Config.Metadata?.GetValueOrDefault(MaxRequestBodySizeMetadata) is { } limit
                    && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                {
                    feature.MaxRequestBodySize = long.Parse(limit, System.Globalization.CultureInfo.InvariantCulture);
                }
                return next();
            });
            proxy.Use(async (context, next) =>
            {
                await next();
                if (context.GetForwarderErrorFeature() is { } error && !context.Response.HasStarted)
                {
                    await WriteProblemAsync(context, error.Error);
                }
                else if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable && !context.Response.HasStarted)
                {
                    await WriteProblemAsync(context, ForwarderError.NoAvailableDestinations);
                }
            });
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.Use(async (context, next) =>
            {
                await next();
                // Set once the request has been sent to the replica load balancing chose.
                if (context.GetReverseProxyFeature().ProxiedDestination is { } destination)
                {
                    traffic.Forwarded(destination.DestinationId);
                }
            });
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    private static Task WriteProblemAsync(HttpContext context, ForwarderError error)
    {
        var service = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        var timedOut = error is ForwarderError.RequestTimedOut;
        context.Response.StatusCode = timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status503ServiceUnavailable;
        if (!timedOut)
        {
            context.Response.Headers.RetryAfter = "5";
        }
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = context.Response.StatusCode,
                Title = timedOut ? $"{service} did not answer in time" : $"{service} is unavailable",
                Detail = timedOut
                    ? $"The {service} service did not answer within its time limit. Try again."
                    : $"No healthy replica of the {service} service could take the request. Try again shortly.",
            },
        }).AsTask();
    }
}
