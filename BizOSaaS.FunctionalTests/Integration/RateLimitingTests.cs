using System.Net;
using System.Net.Http.Json;
using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// The platform's rate limits, on two replicas of a service (two Kestrel apps in this process)
/// counting in one real redis-server.
/// </summary>
public sealed class RateLimitingTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private readonly List<ServiceUnderTest> _services = [];

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Two_replicas_share_one_limit_per_tenant_and_user()
    {
        var a = await StartReplicaAsync(("default", 5));
        var b = await StartReplicaAsync(("default", 5));
        using var clientA = a.Client();
        using var clientB = b.Client();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(clientA, "/items", "alice", "tenant-1")).StatusCode);
        }
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(clientB, "/items", "alice", "tenant-1")).StatusCode);
        }
        var sixth = await GetAsync(clientB, "/items", "alice", "tenant-1");

        await AssertTooManyRequestsAsync(sixth, RateLimitTiers.Default, 5);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(clientA, "/items", "alice", "tenant-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(clientA, "/items", "bob", "tenant-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(clientB, "/items", "alice", "tenant-2")).StatusCode);
    }

    [Fact]
    public async Task Public_tier_counts_per_client_ip_and_apart_from_the_default_tier()
    {
        var a = await StartReplicaAsync(("public", 3), ("default", 2));
        var b = await StartReplicaAsync(("public", 3), ("default", 2));
        using var fromOne = a.Client("127.0.0.1");
        using var fromOneOnB = b.Client("127.0.0.1");
        using var fromTwo = a.Client("127.0.0.2");

        // Three public requests pass although the default tier allows two: an endpoint is in one tier.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromOne, "/public")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromOneOnB, "/public")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromOne, "/public", "carol", "tenant-1")).StatusCode);

        // The same address is limited, signed in or not; another address is not.
        await AssertTooManyRequestsAsync(await GetAsync(fromOne, "/public", "dave", "tenant-9"), RateLimitTiers.Public, 3);
        await AssertTooManyRequestsAsync(await GetAsync(fromOneOnB, "/public"), RateLimitTiers.Public, 3);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromTwo, "/public")).StatusCode);
    }

    [Fact]
    public async Task Suggestions_count_per_client_ip_apart_from_the_public_pages()
    {
        var a = await StartReplicaAsync(("public", 2), ("suggest", 3));
        var b = await StartReplicaAsync(("public", 2), ("suggest", 3));
        using var fromOne = a.Client("127.0.0.1");
        using var fromOneOnB = b.Client("127.0.0.1");
        using var fromTwo = a.Client("127.0.0.2");

        // The pages' allowance used up: typing still gets suggestions, three a minute here, across replicas.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromOne, "/public")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromOneOnB, "/public")).StatusCode);
        await AssertTooManyRequestsAsync(await GetAsync(fromOne, "/public"), RateLimitTiers.Public, 2);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromOne, "/suggest")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromOneOnB, "/group/suggest", "carol", "tenant-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromOne, "/group/suggest")).StatusCode);

        // Per address, signed in or not; another address has its own.
        await AssertTooManyRequestsAsync(await GetAsync(fromOneOnB, "/suggest", "dave", "tenant-9"), RateLimitTiers.Suggest, 3);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromTwo, "/suggest")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(fromTwo, "/public")).StatusCode);
    }

    [Fact]
    public async Task A_storefront_token_counts_each_shopper_it_names_and_no_other_caller_can_split_its_allowance_so()
    {
        var service = await StartReplicaAsync(("default", 3));
        using var client = service.Client();

        // The shop's shoppers do not share one allowance: each named shopper has the tier's own.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/items", "portal", "tenant-1", role: "storefront", shopper: "203.0.113.7")).StatusCode);
        }
        await AssertTooManyRequestsAsync(await GetAsync(client, "/items", "portal", "tenant-1", role: "storefront", shopper: "203.0.113.7"), RateLimitTiers.Default, 3);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/items", "portal", "tenant-1", role: "storefront", shopper: "203.0.113.8")).StatusCode);

        // A staff user naming shoppers still counts as themselves.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/items", "hank", "tenant-1", shopper: $"198.51.100.{i}")).StatusCode);
        }
        await AssertTooManyRequestsAsync(await GetAsync(client, "/items", "hank", "tenant-1", shopper: "198.51.100.9"), RateLimitTiers.Default, 3);
    }

    [Fact]
    public async Task A_rate_scale_claim_multiplies_the_tier_limit()
    {
        var a = await StartReplicaAsync(("ai", 3));
        using var client = a.Client();

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/generate", "erin", "tenant-1", rateScale: "2")).StatusCode);
        }
        await AssertTooManyRequestsAsync(await GetAsync(client, "/generate", "erin", "tenant-1", rateScale: "2"), RateLimitTiers.Ai, 6);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/generate", "frank", "tenant-1")).StatusCode);
        }
        await AssertTooManyRequestsAsync(await GetAsync(client, "/generate", "frank", "tenant-1"), RateLimitTiers.Ai, 3);
    }

    [Fact]
    public async Task Probes_and_static_assets_are_never_limited()
    {
        var a = await StartReplicaAsync(("default", 1));
        using var client = a.Client();

        foreach (var path in new[] { "/health", "/alive", "/_framework/blazor.web.js", "/_content/MudBlazor/x", "/css/site.css" })
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, path)).StatusCode);
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/items")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(client, "/items")).StatusCode);
    }

    [Fact]
    public async Task Without_Redis_limits_hold_per_instance_no_request_fails_and_the_log_says_so()
    {
        var a = await StartReplicaAsync(("default", 3));
        var b = await StartReplicaAsync(("default", 3));
        using var clientA = a.Client();
        using var clientB = b.Client();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(clientA, "/items", "gina", "tenant-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(clientB, "/items", "gina", "tenant-1")).StatusCode);

        _redis.Kill();

        // Each replica now counts on its own: three each, then 429, and never a 500.
        foreach (var client in new[] { clientA, clientB })
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/items", "gina", "tenant-1")).StatusCode);
            }
            await AssertTooManyRequestsAsync(await GetAsync(client, "/items", "gina", "tenant-1"), RateLimitTiers.Default, 3);
        }
        foreach (var service in new[] { a, b })
        {
            Assert.Single(service.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("per-instance until Redis returns"));
            Assert.DoesNotContain(service.Logs.Entries, e => e.Level >= LogLevel.Error);
        }

        // Redis back on its port: the multiplexer reconnects and decisions are shared again.
        await _redis.StartAgainAsync();
        var probe = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var response = await GetAsync(clientA, "/items", $"probe-{probe++}", "tenant-1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return a.Logs.Entries.Any(e => e.Level == LogLevel.Information && e.Message.Contains("Redis is back"));
        }, "replica A counts in Redis again");
    }

    private async Task<ServiceUnderTest> StartReplicaAsync(params (string Tier, int PermitsPerMinute)[] tiers)
    {
        var configuration = new Dictionary<string, string?> { ["ConnectionStrings:cache"] = _redis.ConnectionString };
        foreach (var (tier, permits) in tiers)
        {
            configuration[$"RateLimiting:Tiers:{tier}:PermitsPerMinute"] = permits.ToString();
        }
        var service = await ServiceUnderTest.StartAsync(configuration, app =>
        {
            app.MapGet("/items", () => TypedResults.Ok(new[] { "one", "two" }));
            app.MapGet("/public", () => TypedResults.Ok("hello")).RequireRateLimiting(RateLimitTiers.Public);
            app.MapGet("/suggest", () => TypedResults.Ok(new[] { "pizza", "pizzeria" })).RequireRateLimiting(RateLimitTiers.Suggest);
            // As the directory maps it: the group in the public tier, its suggestions in their own.
            var group = app.MapGroup("/group").RequireRateLimiting(RateLimitTiers.Public);
            group.MapGet("/suggest", () => TypedResults.Ok(new[] { "pizza" })).RequireRateLimiting(RateLimitTiers.Suggest);
            app.MapGet("/generate", () => TypedResults.Ok("generated")).RequireRateLimiting(RateLimitTiers.Ai);
            app.MapGet("/_framework/{**file}", () => TypedResults.Ok());
            app.MapGet("/_content/{**file}", () => TypedResults.Ok());
            app.MapGet("/css/site.css", () => TypedResults.Ok());
        });
        _services.Add(service);
        return service;
    }

    private static Task<HttpResponseMessage> GetAsync(
        HttpClient client, string path, string? user = null, string? tenant = null, string? rateScale = null, string? role = null, string? shopper = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (role is not null)
        {
            request.Headers.Add("X-Test-Role", role);
        }
        if (shopper is not null)
        {
            request.Headers.Add(RateLimitTiers.ShopperHeader, shopper);
        }
        if (user is not null)
        {
            request.Headers.Add("X-Test-Sub", user);
        }
        if (tenant is not null)
        {
            request.Headers.Add("X-Test-Tenant", tenant);
        }
        if (rateScale is not null)
        {
            request.Headers.Add("X-Test-Rate-Scale", rateScale);
        }
        return client.SendAsync(request);
    }

    private static async Task AssertTooManyRequestsAsync(HttpResponseMessage response, string tier, int limit)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.True(int.TryParse(retryAfter, out var seconds) && seconds >= 1, $"Retry-After: {retryAfter}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.NotNull(problem);
        Assert.Equal(429, problem.Status);
        Assert.Equal("Too many requests", problem.Title);
        Assert.Contains($"'{tier}'", problem.Detail);
        Assert.Contains($" {limit} ", problem.Detail);
    }

    private sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail);
}
