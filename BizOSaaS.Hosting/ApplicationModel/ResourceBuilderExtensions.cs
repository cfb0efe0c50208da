namespace BizOSaaS.Hosting.ApplicationModel;

public static class ResourceBuilderExtensions
{
    /// <summary>Gives this resource the connection strings of <paramref name="source"/>.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : Resource
    {
        builder.Resource.References.Add((Resource)source.Resource);
        return builder;
    }

    /// <summary>Gives this resource every HTTP endpoint of <paramref name="source"/>, for service discovery.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithServiceDiscovery> source)
        where T : Resource
    {
        builder.Resource.References.Add((Resource)source.Resource);
        return builder;
    }

    /// <summary>Starts this resource only once <paramref name="dependency"/> reports healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : Resource
    {
        builder.Resource.WaitsFor.Add((Resource)dependency.Resource);
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : Resource
    {
        builder.Resource.EnvironmentVariables[name] = value;
        return builder;
    }

    /// <summary>Runs <paramref name="replicas"/> instances, each on its own port, all published to service discovery.</summary>
    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas)
        where T : ExecutableResource
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }
}
