using Yarp.ReverseProxy.Forwarder;

namespace BizOSaaS.Hub.Gateway;

/// <summary>
/// The gateway's connections to a service are replaced every few seconds. A load balancer that balances connections,
/// not requests (a Kubernetes Service; DCP's proxy, when the replica directory is off), can only spread requests over
/// replicas when new connections arrive: without this, a replica that comes back after a restart would get nothing
/// while the pooled connections to the others live on (ADR 8).
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
