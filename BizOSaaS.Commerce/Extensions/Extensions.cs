using BizOSaaS.Commerce.Data;
using BizOSaaS.Platform.OpenApi;

namespace BizOSaaS.Commerce.Extensions;

public static class Extensions
{
    /// <summary>The commerce service (online store: products, orders): its database, the shared cache, its OpenAPI document.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformSecurity();
        builder.Services.AddValidation();
        builder.AddValidationProblems();
        builder.AddTenantDbContext<CommerceDb>("commercedb");
        builder.AddPlatformRedisClient("cache");
        builder.AddPlatformCaching();
        builder.AddPlatformAuthentication();
        builder.AddPlatformRateLimiting();
        builder.AddPlatformOpenApi();
    }
}
