using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Orchestration;

namespace BizOSaaS.Hosting.Projects;

/// <summary>
/// The environment a project replica receives, named exactly as Aspire names it, so the services work
/// unchanged under real Aspire, azd or Kubernetes.
/// </summary>
public static class ProjectEnvironment
{
    public static Dictionary<string, string> For(ProjectResource project, int replica, RunContext run)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = project.HttpEndpoints[replica].ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = run.Options.ServiceEnvironment,
            ["DOTNET_ENVIRONMENT"] = run.Options.ServiceEnvironment,
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true",
            ["LOGGING__CONSOLE__FORMATTERNAME"] = "simple",
            ["LOGGING__CONSOLE__FORMATTEROPTIONS__TIMESTAMPFORMAT"] = "yyyy-MM-ddTHH:mm:ss.fffffff ",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://localhost:{run.Options.OtlpGrpcPort}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={InstanceId(project, replica)}",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
        };

        if (run.Options.ServiceEnvironment == "Development")
        {
            // Aspire shortens the batching delays in development so telemetry shows up within a second.
            env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        }

        foreach (var reference in project.References)
        {
            switch (reference)
            {
                case IResourceWithConnectionString withConnectionString:
                    foreach (var (name, value) in withConnectionString.GetConnectionStrings(run))
                    {
                        env[$"ConnectionStrings__{name}"] = value;
                    }
                    break;
                case IResourceWithServiceDiscovery service:
                    for (var i = 0; i < service.HttpEndpoints.Count; i++)
                    {
                        env[$"services__{service.Name}__http__{i}"] = service.HttpEndpoints[i].ToString().TrimEnd('/');
                    }
                    break;
            }
        }

        foreach (var (name, value) in project.EnvironmentVariables)
        {
            env[name] = value;
        }
        foreach (var (name, value) in project.DeferredEnvironmentVariables)
        {
            env[name] = value(run);
        }
        return env;
    }

    /// <summary>Stable per replica, so telemetry from one replica across restarts reads as one instance.</summary>
    public static string InstanceId(ProjectResource project, int replica) =>
        project.Replicas > 1 ? $"{project.Name}-{replica}" : project.Name;
}
