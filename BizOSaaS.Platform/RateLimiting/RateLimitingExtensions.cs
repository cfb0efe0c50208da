using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

public static class RateLimitingExtensions
{
    public const string MeterName = "BizOSaaS.RateLimiting";

    private static readonly TierPartition NoLimit = new("", "", 0);

    /// <summary>
    /// Rate limits in tiers (<see cref="RateLimitTiers"/>), counted in the Redis that
    /// <c>builder.AddPlatformRedisClient("cache")</c> registers so they hold across replicas; per instance
    /// while Redis is away. Every endpoint is in the <c>default</c> tier unless it calls
    /// <c>.RequireRateLimiting(RateLimitTiers.X)</c>. Limits: <c>RateLimiting:Tiers:{tier}:PermitsPerMinute</c>.
    /// </summary>
    /// <param name="limitEveryEndpoint">false for a web app whose pages are its users' own (the Portal): then only the
    /// endpoints that name a tier are limited, e.g. its public storefront.</param>
    public static IHostApplicationBuilder AddPlatformRateLimiting(this IHostApplicationBuilder builder, bool limitEveryEndpoint = true)
    {
        builder.Services.AddOptions<PlatformRateLimitingOptions>()
            .BindConfiguration(PlatformRateLimitingOptions.SectionName);
        builder.Services.AddSingleton<RateLimitWindowCounter>();
        builder.Services.AddSingleton<RateLimitRejections>();
        builder.Services.AddProblemDetails();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // The default tier for every endpoint that names no tier of its own; one that does is
            // limited by that policy alone.
            if (limitEveryEndpoint)
            {
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, TierPartition>(context =>
                    IsExempt(context) || context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null
                        ? RateLimitPartition.GetNoLimiter(NoLimit)
                        : Partition(context, RateLimitTiers.Default));
            }
            foreach (var tier in RateLimitTiers.All)
            {
                options.AddPolicy(tier, context =>
                    IsExempt(context) ? RateLimitPartition.GetNoLimiter(NoLimit) : Partition(context, tier));
            }
            options.OnRejected = WriteRejectionAsync;
        });

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeterName)
            .AddMeter("Microsoft.AspNetCore.RateLimiting"));
        return builder;
    }

    /// <summary>Call after <c>UseAuthentication()</c> and <c>UseAuthorization()</c>: non-public tiers count per tenant and user.</summary>
    public static WebApplication UsePlatformRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<TierPartition> Partition(HttpContext context, string tier)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<PlatformRateLimitingOptions>>().CurrentValue;
        var counter = context.RequestServices.GetRequiredService<RateLimitWindowCounter>();
        var partition = TierPartition.For(context, tier, options.PermitsPerMinute(tier));
        return RateLimitPartition.Get(partition, key => new TierRateLimiter(key, counter));
    }

    // Probes and static assets are never limited: a browser loading one page fetches dozens of them.
    private static bool IsExempt(HttpContext context)
    {
        var path = context.Request.Path;
        return path.StartsWithSegments(Extensions.HealthEndpointPath)
            || path.StartsWithSegments(Extensions.AlivenessEndpointPath)
            || path.StartsWithSegments("/_framework")
            || path.StartsWithSegments("/_content")
            || Path.HasExtension(path.Value);
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var lease = rejected.Lease;
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : RateLimitWindowCounter.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var tier = lease.TryGetMetadata(TierLease.TierMetadata, out var t) ? t as string : null;
        var limit = lease.TryGetMetadata(TierLease.LimitMetadata, out var l) ? l as int? : null;

        context.RequestServices.GetRequiredService<RateLimitRejections>().Add(tier ?? "unknown");

        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = tier is not null && limit is not null
            ? $"The '{tier}' rate limit of {limit} requests per minute is used up. Retry after {seconds} s."
            : $"The rate limit is used up. Retry after {seconds} s.";
        await TypedResults.Problem(
                detail: detail,
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                type: "https://www.rfc-editor.org/rfc/rfc6585#section-4")
            .ExecuteAsync(context);
    }
}

/// <summary>The <c>bizosaas.rate_limiting.rejections</c> counter, by tier.</summary>
internal sealed class RateLimitRejections
{
    private readonly Counter<long> _rejections;

    public RateLimitRejections(IMeterFactory meters)
    {
        var meter = meters.Create(RateLimitingExtensions.MeterName);
        _rejections = meter.CreateCounter<long>(
            "bizosaas.rate_limiting.rejections", unit: "{request}", description: "Requests answered 429 by the platform's rate limits.");
    }

    public void Add(string tier) => _rejections.Add(1, new KeyValuePair<string, object?>("tier", tier));
}
