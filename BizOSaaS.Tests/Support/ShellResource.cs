using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Orchestration;

namespace BizOSaaS.Tests.Support;

/// <summary>
/// A real process (/bin/sh sleeping) whose health the test controls with a marker file, so orchestration
/// can be tested on real processes without timing assumptions.
/// </summary>
internal sealed class ShellResource(string name, string directory) : ExecutableResource(name, null)
{
    public string HealthyMarker { get; } = Path.Combine(directory, $"{name}.healthy");

    public override string TypeName => "Shell";

    public void BecomeHealthy() => File.WriteAllText(HealthyMarker, "");

    internal override ProcessCommand CreateCommand(RunContext run, int replica) =>
        new("/bin/sh", ["-c", $"echo {Name} started; exec sleep 300"]);

    internal override Task<bool> CheckHealthAsync(RunContext run, int replica, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(HealthyMarker));
}
