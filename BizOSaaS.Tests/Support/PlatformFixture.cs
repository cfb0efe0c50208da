using BizOSaaS.Hosting;
using BizOSaaS.Hosting.Testing;

namespace BizOSaaS.Tests.Support;

/// <summary>
/// The whole platform, started once through the AppHost's own Program for every test in the "platform"
/// collection: free random ports, a throwaway data folder, real PostgreSQL, Redis and services.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public DistributedApplication App { get; private set; } = null!;

    public PlatformTokens Tokens { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = DistributedApplicationTestingBuilder.Create<Program>().BuildForTesting();
        Tokens = new PlatformTokens(App);
        await App.StartAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        foreach (var resource in new[] { "postgres", "cache", "hub", "crm", "commerce", "directory", "portal", "admin" })
        {
            await App.WaitForHealthyAsync(resource, timeout.Token);
        }
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
