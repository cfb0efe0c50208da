using BizOSaaS.Platform.Identity;

namespace BizOSaaS.Hub.PlatformAdmin;

public static class PlatformAdminExtensions
{
    /// <summary>What the admin aggregation API needs: service tokens to ask each service as each tenant, and the probes.</summary>
    public static IHostApplicationBuilder AddPlatformAdmin(this IHostApplicationBuilder builder)
    {
        builder.AddServiceTokens();
        builder.Services.AddScoped<PlatformFigures>();

        // Both clients choose their replicas themselves and say what they saw: no retries, no circuit breaker (one
        // client asks several services, and a breaker opened by one would silence the others), short timeouts.
        // RemoveAllResilienceHandlers is marked for evaluation; it is the documented way to opt one client out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<TenantServiceReads>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
            .RemoveAllResilienceHandlers()
            .AddServiceToken();
        builder.Services.AddHttpClient<ReplicaHealthProbe>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
