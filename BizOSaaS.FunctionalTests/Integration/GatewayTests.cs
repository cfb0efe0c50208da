using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>Every API behind the hub's <c>/api/brain/{service}</c> gateway: routes, aliases, replicas, failures.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("crm/leads", "BizOSaaS.Crm")]
    [InlineData("django-crm/leads", "BizOSaaS.Crm")]
    [InlineData("commerce/products", "BizOSaaS.Commerce")]
    [InlineData("saleor/products", "BizOSaaS.Commerce")]
    [InlineData("directory/businesses", "BizOSaaS.Directory")]
    [InlineData("business-directory/businesses", "BizOSaaS.Directory")]
    public async Task Every_route_and_alias_reaches_its_service(string path, string service)
    {
        using var hub = await platform.Tokens.ClientAsync("hub", "admin@thrillring.dev");
        var resource = path.Split('/')[1];
        var created = await hub.PostAsJsonAsync($"/api/brain/{path}", NewRecord(resource));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Read back straight from the service: the gateway wrote where it should have.
        using var direct = await platform.Tokens.ClientAsync(ServiceOf(service), "admin@thrillring.dev");
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync($"/api/{resource}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hub.GetAsync($"/api/brain/{path}/{id}")).StatusCode);

        using var anonymous = platform.App.CreateHttpClient("hub");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/brain/{path}")).StatusCode);
        var document = await anonymous.GetFromJsonAsync<JsonElement>($"/api/brain/{ServiceOf(service)}/openapi/v1.json");
        Assert.StartsWith(service, document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Another_tenants_resource_is_404_through_the_gateway()
    {
        using var coreldove = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        using var bizoholic = await platform.Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        var created = await (await coreldove.PostAsJsonAsync("/api/brain/crm/leads", NewRecord("leads"))).Content.ReadFromJsonAsync<LeadResponse>();
        var id = created!.Id;

        using var response = await bizoholic.GetAsync($"/api/brain/crm/leads/{id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await bizoholic.GetAsync($"/api/brain/django-crm/leads/{id}")).StatusCode);
    }

    [Fact]
    public async Task Requests_through_the_gateway_reach_both_crm_replicas_and_a_stopped_one_gets_none()
    {
        // A person of its own: the test sends a few hundred requests, which count against their rate limit.
        using var hub = await platform.Tokens.ClientAsync("hub", "member@coreldove.dev");

        // The gateway balances requests over the addresses the replicas announce (ADR 33).
        await BothReplicasAnswerAsync(hub);

        await platform.StopAsync("crm", replica: 1);
        try
        {
            for (var round = 0; round < 3; round++)
            {
                var answeredBy = await AnsweredByAsync(hub, parallel: 20);
                Assert.Single(answeredBy);
            }
            Assert.Equal(HttpStatusCode.OK, (await hub.GetAsync("/api/brain/crm/leads/count")).StatusCode);
        }
        finally
        {
            await platform.StartAsync("crm", replica: 1);
        }
        // The replica announces itself again once it is back, and the gateway sends it requests again.
        await BothReplicasAnswerAsync(hub);
    }

    [Fact]
    public async Task A_crm_replica_killed_without_warning_fails_no_request_through_the_gateway()
    {
        // A person of their own (the other replica tests use member@coreldove.dev): about 150 requests in a minute.
        using var hub = await platform.Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        await BothReplicasAnswerAsync(hub);

        // SIGKILL: the replica withdraws nothing, so the gateway still lists its address until the announcement runs out
        // or the health checks notice; every request sent there is refused and sent to the other replica instead.
        var pid = platform.Kill("crm", 0);
        try
        {
            for (var round = 0; round < 10; round++)
            {
                await AnsweredByAsync(hub, parallel: 10);
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
        finally
        {
            await platform.WaitUntilRestartedAsync("crm", 0, pid);
        }
    }

    [Fact]
    public async Task A_service_that_is_down_is_503_problem_details_at_once()
    {
        using var hub = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        await platform.StopAsync("directory");
        try
        {
            var started = DateTime.UtcNow;
            using var response = await hub.GetAsync("/api/brain/directory/businesses");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("directory", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the gateway must not hang on a dead service");
        }
        finally
        {
            await platform.StartAsync("directory");
        }
        await Eventually.HoldsAsync(async () => (await hub.GetAsync("/api/brain/directory/businesses")).StatusCode == HttpStatusCode.OK,
            "directory answers through the gateway again");
    }

    private static object NewRecord(string resource) => resource switch
    {
        "leads" => new { name = "Gateway Lead", email = $"gateway-{Guid.NewGuid():N}@example.com" },
        "products" => new { name = "Gateway Mug", price = 12.5m, currency = "USD" },
        _ => new { name = "Gateway Bakery", category = "Food", city = "Lyon" },
    };

    private static string ServiceOf(string assembly) => assembly.Split('.')[1].ToLowerInvariant();

    /// <summary>
    /// The crm processes that answered <paramref name="parallel"/> requests sent at once through the gateway, each
    /// saying which start it is (<c>GET /api/starts</c>'s <c>current</c>). Every request must succeed.
    /// </summary>
    /// <summary>Both replicas answer requests sent in parallel (one just started may take a few seconds to be sent any).</summary>
    private static async Task BothReplicasAnswerAsync(HttpClient hub)
    {
        for (var attempt = 0; (await AnsweredByAsync(hub, parallel: 20)).Count < 2; attempt++)
        {
            Assert.True(attempt < 20, "both replicas take requests");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<HashSet<string>> AnsweredByAsync(HttpClient hub, int parallel)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            using var response = await hub.GetAsync("/api/brain/crm/starts?limit=1");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current").GetProperty("instanceId").GetString()!;
        }));
        return [.. answers];
    }
}
