namespace BizOSaaS.TestSupport;

/// <summary>A temporary folder deleted when the test ends.</summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Path = Directory.CreateTempSubdirectory("bizosaas-test-").FullName;
        // Traversable by others, as a checkout is: the AppHost runs PostgreSQL as the postgres user when root.
        File.SetUnixFileMode(Path, (UnixFileMode)0b111_101_101);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
