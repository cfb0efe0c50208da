using BizOSaaS.Hosting.ApplicationModel;

namespace BizOSaaS.Hosting.Orchestration;

/// <summary>One instance of a resource as the orchestrator runs it; a replica of a project is one instance.</summary>
public abstract class ResourceInstance(Resource resource, int replica, int replicaCount)
{
    private Action? _changed;

    public Resource Resource { get; } = resource;

    public int Replica { get; } = replica;

    /// <summary>The dashboard's name for the instance: the resource's name, suffixed by the replica when there are several.</summary>
    public string Id { get; } = replicaCount > 1 ? $"{resource.Name}-{replica}" : resource.Name;

    public ResourceLog Log { get; } = new();

    public virtual string State { get; private set; } = ResourceStates.NotStarted;

    public virtual HealthStatus? Health { get; private set; }

    public int? Pid { get; protected set; }

    public DateTimeOffset? StartedAt { get; protected set; }

    public int Restarts { get; protected set; }

    public int? ExitCode { get; protected set; }

    public virtual IReadOnlyList<string> Endpoints => [];

    internal void OnChanged(Action changed) => _changed = changed;

    internal void SetState(string state, HealthStatus? health = null)
    {
        if (State == state && Health == health)
        {
            return;
        }
        State = state;
        Health = health;
        Log.Append("apphost", health is null ? $"State: {state}" : $"State: {state}, {health}");
        _changed?.Invoke();
    }

    internal void SetHealth(HealthStatus health)
    {
        if (Health == health)
        {
            return;
        }
        Health = health;
        Log.Append("apphost", $"Health: {health}");
        _changed?.Invoke();
    }

    protected void Changed() => _changed?.Invoke();

    internal virtual bool CanStart => false;

    internal virtual bool CanStop => false;

    public ResourceSnapshot ToSnapshot() => new(
        Id, Resource.Name, Resource.TypeName, Replica, State, Health?.ToString(), Endpoints,
        Pid, StartedAt, Restarts, ExitCode, CanStart, CanStop);
}
