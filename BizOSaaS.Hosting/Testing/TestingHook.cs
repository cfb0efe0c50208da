namespace BizOSaaS.Hosting.Testing;

/// <summary>
/// Set while the testing builder runs an AppHost's entry point: CreateBuilder configures the graph for a
/// test (free ports, throwaway data), and Build hands the declared graph back instead of running it.
/// </summary>
internal sealed class TestingHook
{
    private static readonly AsyncLocal<TestingHook?> Active = new();

    public static TestingHook? Current => Active.Value;

    public DistributedApplicationBuilder? Builder { get; private set; }

    public static TestingHook Begin() => Active.Value = new TestingHook();

    public static void End() => Active.Value = null;

    /// <summary>Stops the entry point right after it declared the graph.</summary>
    public void Capture(DistributedApplicationBuilder builder)
    {
        Builder = builder;
        throw new GraphCapturedException();
    }
}

internal sealed class GraphCapturedException() : Exception("The testing builder captured the application graph.");
