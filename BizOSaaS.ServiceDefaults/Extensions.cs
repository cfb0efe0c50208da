using System.Text.Json;
using BizOSaaS.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// Aspire's service defaults, in its template's shape: telemetry, health checks, service discovery and resilience
// for every app. Nothing else belongs here: the platform's shared code is in BizOSaaS.Platform(.Data).
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Health probes every second would drown the real traffic: not traced when served,
                    o.Filter = context => !IsHealthProbe(context.Request.Path) && !IsStaticAsset(context.Request.Path);
                    // nor every SignalR message: a Blazor page sends dozens (renders, JS interop) per click. The HTTP
                    // calls an interaction makes are traced on their own, from the web app to PostgreSQL.
                    o.EnableAspNetCoreSignalRSupport = false;
                })
                // nor when sent (the hub's status and the gateway's health checks probe every service).
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request => !IsHealthProbe(request.RequestUri?.AbsolutePath)));

        // Traces are sampled (ADR 25): a configured share, and every failed or slow request with its spans.
        var sampling = builder.Configuration.GetSection(TraceSamplingOptions.SectionName).Get<TraceSamplingOptions>() ?? new();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new RecordingRatioSampler(sampling.SampleRatio)));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Per signal rather than UseOtlpExporter: the trace exporter sits behind the tail-sampling processor.
            builder.Services.AddOpenTelemetry()
                .WithLogging(logging => logging.AddOtlpExporter())
                .WithMetrics(metrics => metrics.AddOtlpExporter())
                .WithTracing(tracing => tracing.AddProcessor(services =>
                {
                    var exporter = services.GetRequiredService<IOptionsMonitor<OtlpExporterOptions>>().CurrentValue;
                    var batch = services.GetRequiredService<IOptionsMonitor<BatchExportActivityProcessorOptions>>().CurrentValue;
                    return new TailSamplingProcessor(
                        new BatchActivityExportProcessor(new OtlpTraceExporter(exporter),
                            batch.MaxQueueSize, batch.ScheduledDelayMilliseconds, batch.ExporterTimeoutMilliseconds, batch.MaxExportBatchSize),
                        sampling);
                }));
        }

        return builder;
    }

    private static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath);

    /// <summary>The web apps' stylesheets, scripts and fonts: a trace each per page view says nothing.</summary>
    private static bool IsStaticAsset(PathString path) =>
        System.IO.Path.GetExtension(path.Value) is ".css" or ".js" or ".map" or ".woff" or ".woff2" or ".png" or ".svg" or ".ico";

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Maps /health (every check) and /alive (checks tagged "live"), and turns unhandled
    /// exceptions and bare status codes into problem details that never show a stack trace.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Served in every environment: the AppHost, azd and Kubernetes probes all rely on them.
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = WriteHealthReport }).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
            ResponseWriter = WriteHealthReport,
        }).AllowAnonymous();
        return app;
    }

    private static Task WriteHealthReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new HealthReportResponse(
            report.Status.ToString(),
            report.TotalDuration.TotalMilliseconds,
            report.Entries.Select(e => new HealthEntryResponse(
                e.Key, e.Value.Status.ToString(), e.Value.Duration.TotalMilliseconds, e.Value.Description)).ToList());
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJson.Options, context.RequestAborted);
    }

    private static class HealthJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}

/// <summary>The body of /health and /alive.</summary>
public sealed record HealthReportResponse(string Status, double DurationMs, IReadOnlyList<HealthEntryResponse> Checks);

public sealed record HealthEntryResponse(string Name, string Status, double DurationMs, string? Description);
