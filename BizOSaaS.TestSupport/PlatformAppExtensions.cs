using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace BizOSaaS.TestSupport;

/// <summary>What the platform's tests do with the running application beyond Aspire.Hosting.Testing's own calls.</summary>
public static class PlatformAppExtensions
{
    /// <summary>The connection string a service receives for <paramref name="name"/> (a database's runtime role, the cache).</summary>
    public static string GetConnectionString(this DistributedApplication app, string name) =>
        app.GetConnectionStringAsync(name).AsTask().GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"'{name}' has no connection string.");

    /// <summary>A parameter's value, e.g. a client secret the AppHost generated for this run's data folder.</summary>
    public static async Task<string> GetParameterAsync(this DistributedApplication app, string name)
    {
        var parameter = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == name);
        return await parameter.GetValueAsync(CancellationToken.None) ?? throw new InvalidOperationException($"Parameter '{name}' has no value.");
    }

    public static Task WaitForHealthyAsync(this DistributedApplication app, string resource, CancellationToken cancellationToken = default) =>
        app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);

    /// <summary>The dashboard's Stop command on one replica (or the only one).</summary>
    public static Task StopReplicaAsync(this DistributedApplication app, ResourceEvent replica) =>
        ExecuteAsync(app, replica.ResourceId, KnownResourceCommands.StopCommand);

    /// <summary>The dashboard's Start command on one replica (or the only one).</summary>
    public static Task StartReplicaAsync(this DistributedApplication app, ResourceEvent replica) =>
        ExecuteAsync(app, replica.ResourceId, KnownResourceCommands.StartCommand);

    /// <summary>The process id of a replica, from its snapshot.</summary>
    public static int Pid(this ResourceEvent replica) =>
        int.Parse(replica.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value!.ToString()!);

    /// <summary>How often the restart policy restarted the replica (the dashboard's <c>Restarts</c> property).</summary>
    public static int Restarts(this ResourceEvent replica) =>
        replica.Snapshot.Properties.FirstOrDefault(p => p.Name == "Restarts")?.Value is { } value ? Convert.ToInt32(value) : 0;

    /// <summary>The address a replica itself listens on, behind DCP's proxy (its ASPNETCORE_URLS).</summary>
    public static Uri Address(this ResourceEvent replica) =>
        new(replica.Snapshot.EnvironmentVariables.Single(e => e.Name == "ASPNETCORE_URLS").Value!.Split(';')[0]);

    /// <summary>A client addressed to one replica directly, not through the proxy in front of them.</summary>
    public static HttpClient CreateReplicaHttpClient(this ResourceEvent replica) => new() { BaseAddress = replica.Address() };

    private static async Task ExecuteAsync(DistributedApplication app, string resourceId, string command)
    {
        var result = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resourceId, command);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} on {resourceId} failed: {result.Message}");
        }
    }
}
