using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace BizOSaaS.Hosting.Supervision;

/// <summary><c>--Ports:{resource}=N</c> (or <c>BIZOSAAS_Ports__{resource}</c>) moves a resource's first endpoint off its default port.</summary>
internal static class PortOverrides
{
    public static void Apply(IConfiguration configuration, DistributedApplicationModel model)
    {
        var overrides = configuration.GetSection("Ports").GetChildren()
            .Concat(configuration.GetSection("BIZOSAAS_Ports").GetChildren());
        foreach (var setting in overrides)
        {
            var resource = model.Resources.SingleOrDefault(r => string.Equals(r.Name, setting.Key, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"--Ports:{setting.Key}: there is no resource named '{setting.Key}'.");
            var endpoint = resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault()
                ?? throw new InvalidOperationException($"--Ports:{setting.Key}: '{setting.Key}' has no endpoint.");
            if (!int.TryParse(setting.Value, out var port) || port is < 1 or > 65535)
            {
                throw new InvalidOperationException($"--Ports:{setting.Key}={setting.Value}: a port is a number from 1 to 65535.");
            }
            endpoint.Port = port;
            if (endpoint.IsProxied is false || endpoint.TargetPort == endpoint.Port)
            {
                endpoint.TargetPort = port;
            }
        }
    }
}
