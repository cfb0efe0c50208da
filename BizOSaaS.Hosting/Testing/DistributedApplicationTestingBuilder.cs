using System.Reflection;

namespace BizOSaaS.Hosting.Testing;

/// <summary>
/// Aspire.Hosting.Testing's shape: runs an AppHost's Program up to its Build() call and returns the declared
/// graph, configured for a test (free random ports, a throwaway data folder), to build and start.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static DistributedApplicationBuilder Create<TEntryPoint>(params string[] args) where TEntryPoint : class
    {
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point.");
        var hook = TestingHook.Begin();
        try
        {
            entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is GraphCapturedException)
        {
            // Expected: the entry point stops at Build().
        }
        finally
        {
            TestingHook.End();
        }
        return hook.Builder ?? throw new InvalidOperationException("The AppHost's entry point did not call DistributedApplicationBuilder.Build().");
    }

    /// <summary>Builds the captured graph; the application runs until it is disposed.</summary>
    public static DistributedApplication BuildForTesting(this DistributedApplicationBuilder builder) => builder.BuildCore();
}
