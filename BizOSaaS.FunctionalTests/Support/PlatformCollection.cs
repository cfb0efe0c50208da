namespace BizOSaaS.FunctionalTests.Support;

/// <summary>The tests that share one platform (<see cref="PlatformFixture"/>), started once for this test assembly.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
