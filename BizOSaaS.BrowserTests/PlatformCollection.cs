namespace BizOSaaS.BrowserTests;

/// <summary>The tests that share one platform (<see cref="PlatformWithDashboardFixture"/>), started once for this test assembly.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformWithDashboardFixture>
{
    public const string Name = "platform";
}
