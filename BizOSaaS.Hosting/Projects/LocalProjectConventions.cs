#pragma warning disable ASPIRECERTIFICATES001 // WithoutHttpsCertificate: evaluation API; our services serve plain HTTP locally.
using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Supervision;
using Microsoft.Extensions.Configuration;

namespace BizOSaaS.Hosting.Projects;

/// <summary>What every project gets in a local run, applied once the graph is complete.</summary>
internal static class LocalProjectConventions
{
    public static void Apply(IDistributedApplicationBuilder builder, DistributedApplicationModel model)
    {
        var environment = builder.Configuration["ServiceEnvironment"] ?? "Development";
        var jobs = JobsIn(model);
        var randomPorts = LocalRun.UsesRandomPorts(builder);
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            var resource = builder.CreateResourceBuilder(project);
            RunBuiltOutput(project, builder.AppHostAssembly);
            if (!project.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) || replicas.Replicas == 1)
            {
                ReachDirectly(project, randomPorts);
            }
            else
            {
                AnnounceReplicas(resource);
            }
            resource.WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
                .WithEnvironment("DOTNET_ENVIRONMENT", environment)
                // HTTP only: no development certificate is asked for, and no banner says one is missing.
                .WithoutHttpsCertificate();
            if (!jobs.Contains(project))
            {
                resource.WithAnnotation(new RestartPolicyAnnotation());
                // An app that calls a service with announced replicas calls them at their own addresses (ADR 33).
                resource.WithEnvironment("ReplicaDirectory__Resolve", "true");
            }
        }
    }

    /// <summary>Resources meant to exit (migration runs): marked as such, or waited on to complete by others.</summary>
    public static HashSet<IResource> JobsIn(DistributedApplicationModel model) =>
        model.Resources
            .SelectMany(r => r.Annotations.OfType<WaitAnnotation>())
            .Where(w => w.WaitType == WaitType.WaitForCompletion)
            .Select(w => w.Resource)
            .Concat(model.Resources.Where(r => r.HasAnnotationOfType<RunsToCompletionAnnotation>()))
            .ToHashSet();

    /// <summary>
    /// A project with one replica listens on its port itself, with no DCP proxy in front: no extra hop per request,
    /// and a service that is down refuses connections at once (the proxy would hold them until a replica returns).
    /// Replicas need the proxy, which owns the service's port and spreads connections over them (ADR 8).
    /// </summary>
    private static void ReachDirectly(ProjectResource project, bool randomPorts)
    {
        foreach (var endpoint in project.Annotations.OfType<EndpointAnnotation>())
        {
            endpoint.IsProxied = false;
            // Under test, a free port of Aspire's choosing rather than the developer's default.
            endpoint.Port = randomPorts ? null : endpoint.Port;
            endpoint.TargetPort = endpoint.Port;
        }
    }

    /// <summary>
    /// Replicas stay behind DCP's proxy for whoever reaches the service's port, and each also announces its own address
    /// in the replica directory (Redis), where the hub's gateway finds them and balances requests itself: the proxy
    /// balances connections only and costs a hop (ADR 33). Local runs only: in a deployment the replicas' own addresses
    /// are not the hub's to reach.
    /// </summary>
    private static void AnnounceReplicas(IResourceBuilder<ProjectResource> resource) =>
        resource.WithEnvironment("ReplicaDirectory__Announce", resource.Resource.Name);

    /// <summary>
    /// <c>dotnet {project}.dll</c> instead of DCP's <c>dotnet run --project</c>: no MSBuild evaluation and no
    /// second process per replica (about 120 MiB each), and the pid the dashboard shows is the service's own, so a
    /// signal sent to it reaches the service.
    /// </summary>
    private static void RunBuiltOutput(ProjectResource project, Assembly? appHostAssembly)
    {
        var output = BuiltOutput.Of(project, appHostAssembly);
        project.Annotations.Add(new ExecutableAnnotation { Command = BuiltOutput.DotnetHost, WorkingDirectory = Path.GetDirectoryName(project.GetProjectMetadata().ProjectPath)! });
        // Before the project's own arguments (a migration run's --migrate-database).
        project.Annotations.Insert(0, new CommandLineArgsCallbackAnnotation(args => args.Insert(0, output)));
    }
}
