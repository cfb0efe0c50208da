using Yarp.ReverseProxy.Forwarder;

namespace BizOSaaS.Hub.Gateway;

/// <summary>
/// The gateway's connections to a service are replaced every few seconds. A load balancer that balances connections,
/// not requests (DCP's proxy in front of crm's replicas; a Kubernetes Service), can only spread requests over replicas
/// when new connections arrive: without this, a replica that comes back after a restart would get nothing while the
/// pooled connections to the others live on (ADR 8).
/// </summary>
internal sealed class RecycledConnectionsForwarderFactory : ForwarderHttpClientFactory
{
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromSeconds(5);

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.PooledConnectionLifetime = ConnectionLifetime;
    }
}
