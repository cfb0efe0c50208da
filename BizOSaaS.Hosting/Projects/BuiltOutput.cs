using System.Reflection;
using Aspire.Hosting.ApplicationModel;

namespace BizOSaaS.Hosting.Projects;

/// <summary>Where a project's build output is: the AppHost's build builds every project it references.</summary>
internal static class BuiltOutput
{
    public static string Of(ProjectResource project, Assembly? appHostAssembly)
    {
        var projectPath = project.GetProjectMetadata().ProjectPath;
        var configuration = appHostAssembly?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        return Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, framework, Path.GetFileNameWithoutExtension(projectPath) + ".dll");
    }

    /// <summary>The dotnet host running the AppHost, so the services run on the same runtime.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";
}
