using BizOSaaS.Directory.Data;
using BizOSaaS.Platform.OpenApi;

namespace BizOSaaS.Directory.Extensions;

public static class Extensions
{
    /// <summary>The directory service (business directory listings): its database, the shared cache, its OpenAPI document.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformSecurity();
        builder.Services.AddValidation();
        builder.AddValidationProblems();
        builder.AddTenantDbContext<DirectoryDb>("directorydb");
        builder.AddPlatformRedisClient("cache");
        builder.AddPlatformCaching();
        builder.AddPlatformAuthentication();
        builder.AddPlatformRateLimiting();
        builder.AddPlatformOpenApi();
    }
}
