using BizOSaaS.Crm.Data;
using BizOSaaS.ServiceDefaults.OpenApi;

namespace BizOSaaS.Crm.Extensions;

public static class Extensions
{
    /// <summary>The crm service (CRM: leads, contacts, companies, deals): its database, the shared cache and tenant caching, its OpenAPI document.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<CrmDb>("crmdb");
        builder.AddRedisClient("cache");
        builder.AddPlatformCaching();
        builder.AddPlatformAuthentication();
        builder.AddPlatformRateLimiting();
        builder.AddPlatformOpenApi();
    }
}
