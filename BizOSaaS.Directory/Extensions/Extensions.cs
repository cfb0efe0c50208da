using BizOSaaS.Directory.Data;
using BizOSaaS.ServiceDefaults.OpenApi;

namespace BizOSaaS.Directory.Extensions;

public static class Extensions
{
    /// <summary>The directory service (business directory listings): its database, the shared cache, its OpenAPI document.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<DirectoryDb>("directorydb");
        builder.AddRedisClient("cache");
        builder.AddPlatformCaching();
        builder.AddPlatformAuthentication();
        builder.AddPlatformRateLimiting();
        builder.AddPlatformOpenApi();
    }
}
