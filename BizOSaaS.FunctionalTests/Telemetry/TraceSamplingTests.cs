using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace BizOSaaS.FunctionalTests.Telemetry;

/// <summary>
/// The service defaults' trace sampling (ADR 25), through the real OTLP exporter over HTTP to a collector endpoint:
/// with a ratio of 0, a fast request is not exported, a failed or slow one is, with the spans it made.
/// </summary>
public sealed class TraceSamplingTests
{
    private const string Probe = "sampling-probe";

    [Fact]
    public async Task With_nothing_sampled_failed_and_slow_requests_are_still_exported_with_their_spans()
    {
        var exported = await ExportedTracesAsync(sampleRatio: "0");

        Assert.Contains("/probe-failing", exported);
        Assert.Contains("/probe-slow", exported);
        Assert.Contains("probe-slow-work", exported); // the slow request's own span, held until it ended
        Assert.DoesNotContain("/probe-fast", exported);
        Assert.DoesNotContain("probe-quick-work", exported);
    }

    [Fact]
    public async Task Slow_requests_beyond_the_budget_a_second_are_not_exported_and_failed_ones_always_are()
    {
        var exported = await ExportedTracesAsync(sampleRatio: "0", slowTracesPerSecond: "1", concurrentSlowRequests: 6);

        // Six slow requests ending together, one slow trace a second: one, or two if they straddle a second.
        var slowTraces = CountOf(exported, "probe-slow-work");
        Assert.InRange(slowTraces, 1, 2);
        Assert.Contains("/probe-failing", exported);
    }

    [Fact]
    public async Task With_everything_sampled_every_request_is_exported()
    {
        var exported = await ExportedTracesAsync(sampleRatio: "1");

        Assert.Contains("/probe-fast", exported);
        Assert.Contains("probe-quick-work", exported);
        Assert.Contains("/probe-failing", exported);
    }

    /// <summary>
    /// Runs a service with the service defaults exporting to a collector endpoint, makes fast, failing and slow
    /// requests, stops it (which flushes the exporter) and returns the exported trace payloads as text: protobuf
    /// keeps span names and attribute values as UTF-8.
    /// </summary>
    private static async Task<string> ExportedTracesAsync(string sampleRatio, string slowTracesPerSecond = "10", int concurrentSlowRequests = 1)
    {
        var payloads = new ConcurrentQueue<byte[]>();
        await using var collector = await StartCollectorAsync(payloads);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = Probe, EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["Telemetry:Traces:SampleRatio"] = sampleRatio,
            ["Telemetry:Traces:SlowThreshold"] = "00:00:01",
            ["Telemetry:Traces:SlowTracesPerSecond"] = slowTracesPerSecond,
        });
        builder.AddServiceDefaults();
        var app = builder.Build();
        using var source = new ActivitySource(Probe);
        app.MapGet("/probe-fast", () =>
        {
            using (source.StartActivity("probe-quick-work"))
            {
            }
            return Results.Ok();
        });
        app.MapGet("/probe-warm-up", () => Results.Ok());
        app.MapGet("/probe-failing", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        app.MapGet("/probe-slow", async () =>
        {
            using (source.StartActivity("probe-slow-work"))
            {
                await Task.Delay(1200);
            }
            return Results.Ok();
        });
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            // The test's own calls are not traced: only the service's spans are under test.
            using var untraced = SuppressInstrumentationScope.Begin();
            // A new process's first requests compile their code on the way and can be slow themselves.
            for (var i = 0; i < 3; i++)
            {
                (await client.GetAsync("/probe-warm-up")).EnsureSuccessStatusCode();
            }
            for (var i = 0; i < 5; i++)
            {
                (await client.GetAsync("/probe-fast")).EnsureSuccessStatusCode();
            }
            Assert.Equal(500, (int)(await client.GetAsync("/probe-failing")).StatusCode);
            foreach (var slow in await Task.WhenAll(Enumerable.Range(0, concurrentSlowRequests).Select(_ => client.GetAsync("/probe-slow"))))
            {
                slow.EnsureSuccessStatusCode();
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync(); // shuts the tracer provider down, which exports what it holds
        }
        Assert.NotEmpty(payloads);
        return string.Join('\n', payloads.Select(Encoding.UTF8.GetString));
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<byte[]> payloads)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var collector = builder.Build();
        collector.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            payloads.Enqueue(body.ToArray());
            return Results.Ok();
        });
        collector.MapPost("/v1/{signal}", () => Results.Ok());
        await collector.StartAsync();
        return collector;
    }
}
