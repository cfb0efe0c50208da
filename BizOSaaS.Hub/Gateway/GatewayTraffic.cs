using System.Collections.Concurrent;

namespace BizOSaaS.Hub.Gateway;

/// <summary>Requests forwarded to each destination since the hub started, for the gateway's status.</summary>
public sealed class GatewayTraffic
{
    private readonly ConcurrentDictionary<string, long> _forwarded = new();

    public void Forwarded(string destinationId) => _forwarded.AddOrUpdate(destinationId, 1, (_, count) => count + 1);

    public long ForwardedTo(string destinationId) => _forwarded.GetValueOrDefault(destinationId);
}
