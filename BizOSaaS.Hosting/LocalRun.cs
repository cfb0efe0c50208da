using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Hosting;

/// <summary>How this local run was asked to behave.</summary>
internal static class LocalRun
{
    /// <summary>Aspire.Hosting.Testing asks for free random ports, so tests run beside a developer's platform.</summary>
    public static bool UsesRandomPorts(IDistributedApplicationBuilder builder) =>
        builder.Configuration.GetValue("DcpPublisher:RandomizePorts", false);

    /// <summary><c>--ThrowawayData=true</c>: the data folder is deleted after the run (tests), so servers skip durability.</summary>
    public static bool HasThrowawayData(IDistributedApplicationBuilder builder) =>
        builder.Configuration.GetValue("ThrowawayData", false);

    /// <summary>What the resource's console log in the dashboard shows.</summary>
    public static ILogger LoggerFor(IServiceProvider services, IResource resource) =>
        services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
}
