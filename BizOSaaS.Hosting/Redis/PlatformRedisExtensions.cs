using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting.DataFolder;
using Microsoft.Extensions.DependencyInjection;

namespace BizOSaaS.Hosting.Redis;

public static class PlatformRedisExtensions
{
    /// <summary>
    /// The platform's Redis: in a local run, Debian's redis-server as a process of this AppHost on
    /// <paramref name="port"/> (a free one under test); in publish mode, Aspire's Redis resource. Its password is the
    /// <c>{name}-password</c> parameter.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPlatformRedis(this IDistributedApplicationBuilder builder, string name, int port)
    {
        var password = builder.AddDataFolderSecret($"{name}-password");
        return builder.ExecutionContext.IsPublishMode
            // Persistent, as in a local run: nothing acknowledged (rate-limit windows, cache generations) is lost on a restart.
            ? builder.AddRedis(name, password: password).WithDataVolume().WithPersistence()
            : builder.AddLocalRedis(name, password, port);
    }

    private static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, int port)
    {
        var redis = new LocalRedisResource(name, password.Resource, Path.Combine(PlatformDataFolder.Of(builder).Path, name));
        var fixedPort = LocalRun.UsesRandomPorts(builder) ? (int?)null : port;
        var throwaway = LocalRun.HasThrowawayData(builder);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (e, cancellationToken) =>
        {
            Directory.CreateDirectory(redis.DataDirectory);
            await File.WriteAllTextAsync(redis.ConfigurationFile, $"""
                bind 127.0.0.1
                protected-mode yes
                daemonize no
                dir {redis.DataDirectory}
                appendonly yes
                appendfsync {(throwaway ? "no" : "everysec")}
                save ""
                requirepass {await password.Resource.GetValueAsync(cancellationToken)}
                logfile ""
                """, cancellationToken);
            File.SetUnixFileMode(redis.ConfigurationFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(healthCheck,
            _ => new RedisPingHealthCheck(redis), Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, tags: null));

        return builder.AddResource(redis)
            .WithEndpoint(port: fixedPort, targetPort: fixedPort, name: LocalRedisResource.EndpointName, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add(redis.ConfigurationFile);
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithIconName("Memory")
            .WithHealthCheck(healthCheck);
    }
}
