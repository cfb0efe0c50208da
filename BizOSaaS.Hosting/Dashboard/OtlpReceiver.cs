using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BizOSaaS.Hosting.Dashboard;

/// <summary>
/// The OTLP endpoints the services export to (gRPC on 18889, HTTP on 18890). For now it acknowledges each
/// export and counts it per signal; storing and showing traces, metrics and logs is the telemetry pages' work.
/// Without a receiver, every service would spend its shutdown retrying exports to a closed port.
/// </summary>
internal sealed class OtlpReceiver
{
    private long _traces;
    private long _metrics;
    private long _logs;
    private long _bytes;

    public TelemetryCounts Counts => new(Interlocked.Read(ref _traces), Interlocked.Read(ref _metrics), Interlocked.Read(ref _logs), Interlocked.Read(ref _bytes));

    public void Map(IEndpointRouteBuilder app, int grpcPort, int httpPort)
    {
        var grpcHost = $"*:{grpcPort}";
        app.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", ctx => AcceptGrpc(ctx, ref _traces)).RequireHost(grpcHost);
        app.MapPost("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", ctx => AcceptGrpc(ctx, ref _metrics)).RequireHost(grpcHost);
        app.MapPost("/opentelemetry.proto.collector.logs.v1.LogsService/Export", ctx => AcceptGrpc(ctx, ref _logs)).RequireHost(grpcHost);

        var httpHost = $"*:{httpPort}";
        app.MapPost("/v1/traces", ctx => AcceptHttp(ctx, ref _traces)).RequireHost(httpHost);
        app.MapPost("/v1/metrics", ctx => AcceptHttp(ctx, ref _metrics)).RequireHost(httpHost);
        app.MapPost("/v1/logs", ctx => AcceptHttp(ctx, ref _logs)).RequireHost(httpHost);
    }

    private Task AcceptGrpc(HttpContext context, ref long counter)
    {
        Interlocked.Increment(ref counter);
        return Respond(context, "application/grpc", grpc: true);
    }

    private Task AcceptHttp(HttpContext context, ref long counter)
    {
        Interlocked.Increment(ref counter);
        return Respond(context, "application/x-protobuf", grpc: false);
    }

    private async Task Respond(HttpContext context, string contentType, bool grpc)
    {
        var read = 0L;
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            read += n;
        }
        Interlocked.Add(ref _bytes, read);

        context.Response.ContentType = contentType;
        if (grpc)
        {
            // One length-prefixed message of length zero: an empty Export*ServiceResponse, then status OK.
            await context.Response.Body.WriteAsync(new byte[5], context.RequestAborted);
            context.Response.AppendTrailer("grpc-status", "0");
        }
    }
}

internal sealed record TelemetryCounts(long TraceExports, long MetricExports, long LogExports, long Bytes);
