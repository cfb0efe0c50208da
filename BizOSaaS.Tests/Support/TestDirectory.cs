namespace BizOSaaS.Tests.Support;

/// <summary>A temporary folder deleted when the test ends.</summary>
public sealed class TestDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("bizosaas-test-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
