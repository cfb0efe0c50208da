using BizOSaaS.Commerce.Data;
using BizOSaaS.ServiceDefaults.OpenApi;

namespace BizOSaaS.Commerce.Extensions;

public static class Extensions
{
    /// <summary>The commerce service (online store: products, orders): its database, the shared cache, its OpenAPI document.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<CommerceDb>("commercedb");
        builder.AddRedisClient("cache");
        builder.AddPlatformCaching();
        builder.AddPlatformAuthentication();
        builder.AddPlatformRateLimiting();
        builder.AddPlatformOpenApi();
    }
}
