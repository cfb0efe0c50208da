using BizOSaaS.Hosting.Orchestration;
using Microsoft.Extensions.Configuration;

namespace BizOSaaS.Hosting.ApplicationModel;

/// <summary>
/// Aspire's parameter: a value given by configuration (<c>Parameters:{name}</c>) or, for a secret without
/// one, generated once and kept with the run's other secrets. Nothing runs for it.
/// </summary>
public sealed class ParameterResource(string name, bool secret, IConfiguration configuration) : IResource
{
    public string Name { get; } = name;

    public bool Secret { get; } = secret;

    public string GetValue(RunContext run) =>
        configuration[$"Parameters:{Name}"] is { Length: > 0 } configured ? configured
        : Secret ? run.GetOrCreateSecret(Name)
        : throw new InvalidOperationException($"Parameter '{Name}' is not set; set Parameters:{Name} or BIZOSAAS_Parameters__{Name}.");
}

/// <summary>A project's HTTP endpoint, resolved when the run starts (Aspire's <c>EndpointReference</c>).</summary>
public sealed class EndpointReference(Projects.ProjectResource project)
{
    public Projects.ProjectResource Resource { get; } = project;

    /// <summary>Replica 0's address, as a browser reaches it.</summary>
    public string Url => Resource.HttpEndpoints[0].ToString().TrimEnd('/');
}

public static class ParameterExtensions
{
    public static ParameterResource AddParameter(this DistributedApplicationBuilder builder, string name, bool secret = false) =>
        new(name, secret, builder.Configuration);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, ParameterResource parameter)
        where T : Resource
    {
        builder.Resource.DeferredEnvironmentVariables[name] = parameter.GetValue;
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, EndpointReference endpoint)
        where T : Resource
    {
        builder.Resource.DeferredEnvironmentVariables[name] = _ => endpoint.Url;
        return builder;
    }

    public static EndpointReference GetEndpoint(this IResourceBuilder<Projects.ProjectResource> builder, string name = "http") =>
        name == "http" ? new EndpointReference(builder.Resource) : throw new ArgumentException($"Only the 'http' endpoint exists, not '{name}'.", nameof(name));
}
