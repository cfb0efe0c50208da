using BizOSaaS.Hosting.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BizOSaaS.Hosting.Dashboard;

/// <summary>
/// Dashboard v1: the resource table, each instance's console log, and stop/start/restart. Commands need
/// the X-Dashboard-Command header, which a cross-site form cannot send, so no other page can drive them.
/// </summary>
internal static class DashboardApi
{
    public const string CommandHeader = "X-Dashboard-Command";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app, DistributedApplicationOptions options)
    {
        var dashboardHost = $"*:{options.DashboardPort}";
        app.MapGet("/", () => TypedResults.Text(IndexHtml.Value, "text/html; charset=utf-8")).RequireHost(dashboardHost);

        var api = app.MapGroup("/api").RequireHost(dashboardHost);
        api.MapGet("/resources", GetResources);
        api.MapGet("/resources/{id}/logs", GetLogs);
        api.MapPost("/resources/{id}/{command}", ExecuteCommand);

        app.ServiceProvider.GetRequiredService<OtlpReceiver>().Map(app, options.OtlpGrpcPort, options.OtlpHttpPort);
        return app;
    }

    private static Ok<DashboardState> GetResources(Orchestrator orchestrator, OtlpReceiver telemetry) =>
        TypedResults.Ok(new DashboardState(orchestrator.Notifications.GetSnapshots(), orchestrator.AllHealthyAfter?.TotalSeconds, telemetry.Counts));

    private static Results<Ok<LogPage>, NotFound> GetLogs(string id, long? after, Orchestrator orchestrator)
    {
        var instance = orchestrator.Notifications.Instances.SingleOrDefault(i => i.Id == id);
        if (instance is null)
        {
            return TypedResults.NotFound();
        }
        var lines = instance.Log.Read(after ?? 0);
        return TypedResults.Ok(new LogPage(lines, lines.Count > 0 ? lines[^1].Seq + 1 : after ?? 0));
    }

    private static async Task<Results<Accepted, NotFound, BadRequest<string>>> ExecuteCommand(
        string id, string command, HttpRequest request, Orchestrator orchestrator)
    {
        if (!request.Headers.ContainsKey(CommandHeader))
        {
            return TypedResults.BadRequest($"Send the {CommandHeader} header.");
        }
        if (command is not ("start" or "stop" or "restart"))
        {
            return TypedResults.BadRequest("Commands are start, stop and restart.");
        }
        return await orchestrator.ExecuteAsync(id, command) ? TypedResults.Accepted((string?)null) : TypedResults.NotFound();
    }

    private static readonly Lazy<string> IndexHtml = new(() =>
    {
        using var stream = typeof(DashboardApi).Assembly.GetManifestResourceStream("Dashboard.index.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}

internal sealed record DashboardState(IReadOnlyList<ResourceSnapshot> Resources, double? AllHealthyAfterSeconds, TelemetryCounts Telemetry);

internal sealed record LogPage(IReadOnlyList<LogLine> Lines, long Next);
