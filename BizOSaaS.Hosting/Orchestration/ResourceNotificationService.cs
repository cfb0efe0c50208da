namespace BizOSaaS.Hosting.Orchestration;

/// <summary>Aspire's ResourceNotificationService: the current state of every instance, and waiting on it.</summary>
public sealed class ResourceNotificationService
{
    private readonly IReadOnlyList<ResourceInstance> _instances;
    private TaskCompletionSource _changed = NewSignal();

    internal ResourceNotificationService(IReadOnlyList<ResourceInstance> instances) => _instances = instances;

    internal IReadOnlyList<ResourceInstance> Instances => _instances;

    public IReadOnlyList<ResourceSnapshot> GetSnapshots() => _instances.Select(i => i.ToSnapshot()).ToList();

    /// <summary>Completes when every instance of <paramref name="resourceName"/> reports healthy.</summary>
    public Task WaitForResourceHealthyAsync(string resourceName, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(() => IsHealthy(resourceName), cancellationToken);

    /// <summary>Completes when every instance of <paramref name="resourceName"/> is in <paramref name="state"/>.</summary>
    public Task WaitForResourceAsync(string resourceName, string state, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(() => InstancesOf(resourceName).All(i => i.State == state), cancellationToken);

    public bool IsHealthy(string resourceName) =>
        InstancesOf(resourceName).All(i => i.State == ResourceStates.Running && i.Health == HealthStatus.Healthy);

    public async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _changed);
            if (condition())
            {
                return;
            }
            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    internal IReadOnlyList<ResourceInstance> InstancesOf(string resourceName)
    {
        var found = _instances.Where(i => i.Resource.Name == resourceName).ToList();
        return found.Count > 0 ? found : throw new ArgumentException($"There is no resource named '{resourceName}'.", nameof(resourceName));
    }

    internal void NotifyChanged() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
