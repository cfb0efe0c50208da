using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Status;

namespace BizOSaaS.Hub.Extensions;

public static class Extensions
{
    /// <summary>The hub: its database, the shared cache, and the probe of the services behind it.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<HubDb>("hubdb");
        builder.AddRedisClient("cache");
        builder.Services.AddOpenApi();

        builder.Services.Configure<PlatformStatusOptions>(builder.Configuration.GetSection("Platform"));
        // A health probe reports what it sees: no retries, no circuit breaker, its own short timeout.
        // RemoveAllResilienceHandlers is marked for evaluation; it is the documented way to opt one client out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<PlatformStatusProbe>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
