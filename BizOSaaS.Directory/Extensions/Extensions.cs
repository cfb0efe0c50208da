using BizOSaaS.Directory.Data;
using BizOSaaS.Directory.Demo;
using BizOSaaS.Directory.Listings;
using BizOSaaS.Directory.Search;
using BizOSaaS.Platform.OpenApi;
using Microsoft.AspNetCore.HttpOverrides;

namespace BizOSaaS.Directory.Extensions;

public static class Extensions
{
    /// <summary>The directory service (business listings, reviews, public search): its database, the shared cache, its OpenAPI document.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformSecurity();
        builder.Services.AddValidation();
        builder.AddValidationProblems();
        builder.AddTenantDbContext<DirectoryDb>("directorydb");
        builder.AddPlatformRedisClient("cache");
        builder.AddReplicaDirectory();
        builder.AddPlatformCaching();
        builder.AddPlatformAuthentication();
        builder.AddPlatformRateLimiting();
        builder.AddPlatformOpenApi();
        builder.Services.AddScoped<PostgresDirectorySearch>();
        builder.Services.AddScoped<IDirectorySearch, CachedDirectorySearch>();
        builder.Services.AddScoped<PublishedListingReader>();
        builder.Services.AddHostedService<DirectoryDemoData>();

        // The public tier counts per visitor: behind the gateway (and the Portal's public site, which names its visitor), the
        // visitor's address is the last one in X-Forwarded-For that a trusted proxy added (ADR 31). Trusted: loopback, and
        // the networks in Directory:TrustedProxyNetworks (a deployment's internal network).
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            options.ForwardLimit = 2;
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("::ffff:127.0.0.0/104"));
            foreach (var network in builder.Configuration.GetSection("Directory:TrustedProxyNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }
}
