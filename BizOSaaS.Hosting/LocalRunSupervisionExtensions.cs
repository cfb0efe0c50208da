using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting.DataFolder;
using BizOSaaS.Hosting.Projects;
using BizOSaaS.Hosting.Supervision;
using Microsoft.Extensions.DependencyInjection;

namespace BizOSaaS.Hosting;

public static class LocalRunSupervisionExtensions
{
    /// <summary>
    /// What a local run needs beyond Aspire (ADR 17): projects run from their build output; a process that exits
    /// unexpectedly is restarted with backoff (<see cref="RestartPolicyAnnotation"/>); a resource that fails to start
    /// fails what waits on it and stops the run with one line and exit code 1; missing programs, unbuilt projects and
    /// busy ports are reported before anything starts, one line each, exit code 2; on the way out the services stop
    /// before the servers and the dashboard (<see cref="ProjectsStopFirst"/>). Nothing changes in publish mode.
    /// </summary>
    public static IDistributedApplicationBuilder AddLocalRunSupervision(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        builder.Services.AddSingleton(new RunClock());
        PlatformDataFolder.Of(builder);
        // A dependency that fails makes its dependents fail too, instead of leaving them waiting.
        builder.Services.Configure<ResourceNotificationServiceOptions>(o => o.DefaultWaitBehavior = WaitBehavior.StopOnResourceUnavailable);
        builder.Services.AddHostedService<RestartPolicy>();
        builder.Services.AddSingleton<StartupFailureWatch>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StartupFailureWatch>());
        builder.Services.AddHostedService<ProjectsStopFirst>();

        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            PortOverrides.Apply(builder.Configuration, e.Model);
            LocalProjectConventions.Apply(builder, e.Model);
            // Resolved from the application, which then releases the folder's lock when it is disposed.
            var problems = new Preflight(builder, e.Model, e.Services.GetRequiredService<PlatformDataFolder>()).Problems();
            if (problems.Count > 0)
            {
                Refuse(builder, problems);
            }
            return Task.CompletedTask;
        });
        return builder;
    }

    /// <summary>
    /// The AppHost's own process prints the problems and exits (no stack trace); a test host that runs the AppHost
    /// in-process gets them as an exception instead of losing its own process.
    /// </summary>
    private static void Refuse(IDistributedApplicationBuilder builder, IReadOnlyList<string> problems)
    {
        if (Assembly.GetEntryAssembly() != builder.AppHostAssembly)
        {
            throw new DistributedApplicationException(string.Join(Environment.NewLine, problems.Select(p => $"error: {p}.")));
        }
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"error: {problem}.");
        }
        Environment.Exit(Preflight.ExitCode);
    }
}
