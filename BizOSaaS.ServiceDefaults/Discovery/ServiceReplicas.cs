using System.Net;
using Microsoft.Extensions.ServiceDiscovery;

namespace BizOSaaS.ServiceDefaults.Discovery;

/// <summary>The address of every replica service discovery knows for a service (<c>services__crm__http__0</c>, <c>__1</c> …),
/// in their order, without a trailing slash: for clients that need real addresses (the gateway's destinations, SignalR).</summary>
public static class ServiceReplicas
{
    public static async Task<IReadOnlyList<string>> AddressesAsync(this ServiceEndpointResolver resolver, string service, CancellationToken cancellationToken)
    {
        var source = await resolver.GetEndpointsAsync($"http://{service}", cancellationToken);
        return [.. source.Endpoints.Select(e => AddressOf(e.EndPoint))];
    }

    private static string AddressOf(EndPoint endpoint) => (endpoint switch
    {
        UriEndPoint uri => uri.Uri.ToString(),
        DnsEndPoint dns => $"http://{dns.Host}:{dns.Port}",
        IPEndPoint ip => $"http://{ip}",
        var other => other.ToString() ?? "",
    }).TrimEnd('/');
}
