using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.ServiceDiscovery;

namespace BizOSaaS.Platform.Discovery;

/// <summary>
/// Service discovery's first provider when the replica directory is read: a service with announced replicas resolves
/// to their own addresses, and the providers after it (configuration) leave the list as it is; one with none resolves
/// as before.
/// </summary>
internal sealed class AnnouncedReplicaEndpointProviderFactory(AnnouncedReplicas replicas) : IServiceEndpointProviderFactory
{
    public bool TryCreateProvider(ServiceEndpointQuery query, [NotNullWhen(true)] out IServiceEndpointProvider? provider)
    {
        provider = new AnnouncedReplicaEndpointProvider(query.ServiceName, replicas);
        return true;
    }

    private sealed class AnnouncedReplicaEndpointProvider(string service, AnnouncedReplicas replicas) : IServiceEndpointProvider
    {
        public async ValueTask PopulateAsync(IServiceEndpointBuilder endpoints, CancellationToken cancellationToken)
        {
            // Taken before reading, so that a change while reading still makes discovery resolve again.
            endpoints.AddChangeToken(replicas.Changes);
            foreach (var address in await replicas.AddressesAsync(service, cancellationToken))
            {
                endpoints.Endpoints.Add(ServiceEndpoint.Create(new UriEndPoint(new Uri(address))));
            }
        }

        public ValueTask DisposeAsync() => default;

        public override string ToString() => "Announced replicas";
    }
}
