using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

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
        // A replica the passive health check takes out of rotation comes back after the clusters' reactivation period,
        // which YARP lengthens to this window (60 s by default): a restarted replica would get nothing for a minute.
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(o => o.DetectionWindowSize = GatewayProxyConfig.PassiveReactivationPeriod);
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
            proxy.Use(RetryElsewhereWhenRefusedAsync);
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

    /// <summary>
    /// A replica that went away (killed, not yet noticed by the health checks or the replica directory) refuses the
    /// connection or resets it before answering: a safe request (GET, HEAD, OPTIONS, no body) is then sent to another
    /// replica, until one answers or none is left, so a replica's crash costs its callers nothing (ADR 33; DCP's proxy
    /// did this for connections). Other requests are not sent twice: they are answered 503 with Retry-After.
    /// </summary>
    private static async Task RetryElsewhereWhenRefusedAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        // Load balancing narrows the list to the destination it chose: the others are taken before it runs.
        var candidates = proxy.AvailableDestinations;
        await next();
        var request = context.Request;
        while (context.GetForwarderErrorFeature() is { Error: ForwarderError.Request }
               && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
               && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
               && request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any()
               && proxy.ProxiedDestination is { } refused
               && candidates.Where(d => d != refused).ToList() is { Count: > 0 } others)
        {
            candidates = others;
            proxy.AvailableDestinations = others;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            await next();
        }
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
