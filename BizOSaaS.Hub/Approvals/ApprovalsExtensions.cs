using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.OpenApi;
using StackExchange.Redis;

namespace BizOSaaS.Hub.Approvals;

public static class ApprovalsExtensions
{
    public const string SignalRChannelPrefix = "bizosaas:signalr";

    /// <summary>
    /// The approval queue, its durable timers and callback outbox (hosted workers), the type registry, and
    /// SignalR with the Redis backplane on <c>ConnectionStrings:cache</c>.
    /// </summary>
    public static IHostApplicationBuilder AddApprovals(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.SectionName);
        builder.Services.AddScoped<ApprovalQueue>();
        builder.Services.AddSingleton<ApprovalNotifications>();
        builder.Services.AddHostedService<ApprovalTypeCatalog>();
        builder.Services.AddHostedService<ApprovalTimers>();
        builder.Services.AddSingleton<ApprovalCallbackDelivery>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ApprovalCallbackDelivery>());

        builder.AddServiceTokens();
        // The outbox retries on its own schedule, and keeps the record of each attempt; a resilience handler's
        // retries inside one attempt would only hide them.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(ApprovalCallbackDelivery.ClientName).AddServiceToken().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        var redis = builder.Configuration.GetConnectionString("cache")
            // The build's OpenAPI document run connects to nothing.
            ?? (BuildTimeDocuments.IsGenerating ? "localhost" : null)
            ?? throw new InvalidOperationException("ConnectionStrings:cache is not set; SignalR's backplane needs Redis.");
        builder.Services.AddSignalR().AddStackExchangeRedis(redis, options =>
        {
            options.Configuration.ChannelPrefix = RedisChannel.Literal(SignalRChannelPrefix);
            // As the shared connection (AddPlatformRedisClient): start without Redis, and come back with it.
            options.Configuration.AbortOnConnectFail = false;
            options.Configuration.ReconnectRetryPolicy = new LinearRetry(1000);
        });
        return builder;
    }

    /// <summary>The SignalR hub, for people and services acting in a tenant; a connection ends when its token expires.</summary>
    public static IEndpointRouteBuilder MapApprovalsLiveHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<ApprovalsLiveHub>(ApprovalsLiveHub.Path, options => options.CloseOnAuthenticationExpiration = true)
            .RequireAuthorization(PlatformPolicies.TenantUser);
        return app;
    }
}
