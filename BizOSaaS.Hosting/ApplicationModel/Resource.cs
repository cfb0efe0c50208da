using BizOSaaS.Hosting.Orchestration;

namespace BizOSaaS.Hosting.ApplicationModel;

/// <summary>A named part of the application graph, as Aspire's <c>IResource</c>.</summary>
public interface IResource
{
    string Name { get; }
}

/// <summary>A resource that gives its dependents connection strings (<c>ConnectionStrings__{name}</c>).</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The connection strings a dependent receives, by name; the first is the resource's own.</summary>
    IEnumerable<KeyValuePair<string, string>> GetConnectionStrings(RunContext run);
}

/// <summary>A resource reached over HTTP by service discovery (<c>services__{name}__http__{i}</c>).</summary>
public interface IResourceWithServiceDiscovery : IResource
{
    IReadOnlyList<Uri> HttpEndpoints { get; }
}

public abstract class Resource(string name) : IResource
{
    public string Name { get; } = ValidateName(name);

    /// <summary>What the dashboard shows in its Type column.</summary>
    public abstract string TypeName { get; }

    /// <summary>Resources that must be healthy before this one starts.</summary>
    public List<Resource> WaitsFor { get; } = [];

    /// <summary>Resources whose connection strings or endpoints this one receives.</summary>
    public List<Resource> References { get; } = [];

    /// <summary>Extra environment variables, applied when an instance starts.</summary>
    public Dictionary<string, string> EnvironmentVariables { get; } = [];

    /// <summary>Environment variables whose values are known only when the run starts (secrets, endpoints).</summary>
    public Dictionary<string, Func<RunContext, string>> DeferredEnvironmentVariables { get; } = [];

    /// <summary>The resource this one lives inside (a database's server), if any.</summary>
    public virtual Resource? Parent => null;

    /// <summary>Where the resource was declared in the graph (0 first), set when it is added.</summary>
    public int DeclarationIndex { get; internal set; }

    /// <summary>
    /// Everything this resource depends on: parent, waits, and references to resources declared before it.
    /// A reference to one declared later (the services finding the hub that fronts them) is for discovery
    /// only, so the graph stays free of cycles.
    /// </summary>
    public IEnumerable<Resource> Dependencies =>
        WaitsFor.Concat(References.Where(r => r.DeclarationIndex < DeclarationIndex)).Concat(Parent is null ? [] : [Parent]).Distinct();

    private static string ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Resource name '{name}' must be lower-case letters, digits and '-'.", nameof(name));
        }
        return name;
    }

    public override string ToString() => Name;
}

/// <summary>A resource run as one or more supervised operating-system processes.</summary>
public abstract class ExecutableResource(string name, int? port) : Resource(name)
{
    /// <summary>The port of replica 0 as declared; null or overridden means a free port is chosen.</summary>
    public int? DeclaredPort { get; set; } = port;

    /// <summary>The port each replica listens on, assigned when the application is built.</summary>
    public List<int> Ports { get; } = [];

    public int Replicas { get; set; } = 1;

    /// <summary>Signal that asks the process to stop quickly and cleanly (SIGTERM unless the server wants another).</summary>
    public virtual int StopSignal => ProcessSignals.SIGTERM;

    /// <summary>The programs this resource needs on the machine, checked before anything starts.</summary>
    internal virtual IEnumerable<Prerequisite> Prerequisites => [];

    /// <summary>Stops a server of this resource that an earlier, killed run left on its data; says what it stopped.</summary>
    internal virtual Task<string?> StopStaleServerAsync(RunContext run) => Task.FromResult<string?>(null);

    /// <summary>One-time work before the first launch in a run (initdb, configuration files).</summary>
    internal virtual Task PrepareAsync(RunContext run, ResourceLog log, CancellationToken cancellationToken) => Task.CompletedTask;

    internal abstract ProcessCommand CreateCommand(RunContext run, int replica);

    internal abstract Task<bool> CheckHealthAsync(RunContext run, int replica, CancellationToken cancellationToken);
}

/// <summary>How to launch one process.</summary>
internal sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public Dictionary<string, string> Environment { get; init; } = [];
    public string? WorkingDirectory { get; init; }
    /// <summary>Run as this system user (PostgreSQL refuses to run as root).</summary>
    public string? RunAsUser { get; init; }
}
