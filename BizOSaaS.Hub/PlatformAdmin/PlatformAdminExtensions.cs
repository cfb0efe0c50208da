using BizOSaaS.ServiceDefaults.Identity;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace BizOSaaS.Hub.PlatformAdmin;

public static class PlatformAdminExtensions
{
    /// <summary>What the admin aggregation API needs: service tokens to ask each service as each tenant, and the probes.</summary>
    public static IHostApplicationBuilder AddPlatformAdmin(this IHostApplicationBuilder builder)
    {
        builder.AddServiceTokens();
        builder.Services.AddScoped<PlatformFigures>();

        // A page waits for these counts: a replica that refuses is retried once, on the next replica, and a
        // service that is down makes its figure unavailable within seconds (TenantServiceCounts.AnswerWithin)
        // instead of the standard handler's half minute. No circuit breaker: one client asks several services,
        // and a breaker opened by one would silence the others. RemoveAllResilienceHandlers is marked for
        // evaluation; it is the documented way to opt one client out of the defaults.
#pragma warning disable EXTEXP0001
        var counts = builder.Services.AddHttpClient<TenantServiceCounts>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
            .RemoveAllResilienceHandlers()
            .AddServiceToken();
        counts.AddResilienceHandler("tenant-counts", pipeline => pipeline
            .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.FromMilliseconds(100), BackoffType = DelayBackoffType.Constant }));
        counts.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            // Outside service discovery, as in the defaults, so that a retry resolves the next replica.
            var resilience = handlers.OfType<ResilienceHandler>().Single();
            handlers.Remove(resilience);
            handlers.Insert(0, resilience);
        });

        // A health probe reports what it sees: no retries, no circuit breaker, its own short timeout.
        builder.Services.AddHttpClient<ReplicaHealthProbe>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
