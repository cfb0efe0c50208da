using BizOSaaS.Platform.Discovery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.ServiceDiscovery;

namespace Microsoft.Extensions.Hosting;

public static class ReplicaDirectoryExtensions
{
    /// <summary>
    /// The replica directory (ADR 33), as <see cref="ReplicaDirectoryOptions"/> in configuration says: with
    /// <c>ReplicaDirectory:Announce</c> this replica announces its addresses under that service name; with
    /// <c>ReplicaDirectory:Resolve</c> service discovery resolves a service with announced replicas to their own
    /// addresses. Neither set (a deployment): nothing changes. Needs <c>AddPlatformRedisClient</c>.
    /// </summary>
    public static IHostApplicationBuilder AddReplicaDirectory(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ReplicaDirectoryOptions.SectionName);
        builder.Services.AddOptions<ReplicaDirectoryOptions>().Bind(section);
        var settings = section.Get<ReplicaDirectoryOptions>() ?? new();
        if (!string.IsNullOrWhiteSpace(settings.Announce))
        {
            builder.Services.AddHostedService<ReplicaAnnouncer>();
        }
        if (settings.Resolve)
        {
            builder.Services.AddSingleton<AnnouncedReplicas>();
            builder.Services.AddHostedService(services => services.GetRequiredService<AnnouncedReplicas>());
            // First among service discovery's providers: the configuration provider adds nothing to a list that
            // already has endpoints, so announced replicas take the place of the configured address.
            builder.Services.Insert(0, ServiceDescriptor.Singleton<IServiceEndpointProviderFactory, AnnouncedReplicaEndpointProviderFactory>());
        }
        return builder;
    }
}
