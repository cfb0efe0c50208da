using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BizOSaaS.Hosting.Orchestration;
using BizOSaaS.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BizOSaaS.Tests.Integration;

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
        var created = await (await coreldove.PostAsJsonAsync("/api/brain/crm/leads", NewRecord("leads"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();

        using var response = await bizoholic.GetAsync($"/api/brain/crm/leads/{id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await bizoholic.GetAsync($"/api/brain/django-crm/leads/{id}")).StatusCode);
    }

    [Fact]
    public async Task Both_crm_replicas_take_traffic_and_a_stopped_one_stops_receiving_it()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", "admin@bizosaas.dev");
        using var hub = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        var orchestrator = platform.App.Services.GetRequiredService<Orchestrator>();

        var before = await ForwardedAsync(admin);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await hub.GetAsync("/api/brain/crm/leads/count")).StatusCode);
        }
        var after = await ForwardedAsync(admin);
        Assert.True(after["crm-0"] - before["crm-0"] >= 5, $"crm-0 received {after["crm-0"] - before["crm-0"]} of 20");
        Assert.True(after["crm-1"] - before["crm-1"] >= 5, $"crm-1 received {after["crm-1"] - before["crm-1"]} of 20");

        Assert.True(await orchestrator.ExecuteAsync("crm-1", "stop"));
        try
        {
            await Eventually.HoldsAsync(async () => (await HealthyCrmAsync(admin)) == 1, "the gateway sees crm-1 down");
            var stopped = await ForwardedAsync(admin);
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await hub.GetAsync("/api/brain/crm/leads/count")).StatusCode);
            }
            var later = await ForwardedAsync(admin);
            Assert.Equal(stopped["crm-1"], later["crm-1"]);
            Assert.Equal(stopped["crm-0"] + 20, later["crm-0"]);
        }
        finally
        {
            Assert.True(await orchestrator.ExecuteAsync("crm-1", "start"));
            await platform.App.WaitForHealthyAsync("crm");
        }
        await Eventually.HoldsAsync(async () => (await HealthyCrmAsync(admin)) == 2, "the gateway sees crm-1 back");
    }

    [Fact]
    public async Task A_service_that_is_down_is_503_problem_details_at_once()
    {
        using var hub = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        var orchestrator = platform.App.Services.GetRequiredService<Orchestrator>();
        Assert.True(await orchestrator.ExecuteAsync("directory", "stop"));
        try
        {
            var started = DateTime.UtcNow;
            using var response = await hub.GetAsync("/api/brain/directory/businesses");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("directory", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the gateway must not hang on a dead service");
        }
        finally
        {
            Assert.True(await orchestrator.ExecuteAsync("directory", "start"));
            await platform.App.WaitForHealthyAsync("directory");
        }
        await Eventually.HoldsAsync(async () => (await hub.GetAsync("/api/brain/directory/businesses")).StatusCode == HttpStatusCode.OK,
            "directory answers through the gateway again");
    }

    private static object NewRecord(string resource) => resource switch
    {
        "leads" => new { name = "Gateway Lead", email = $"gateway-{Guid.NewGuid():N}@example.com" },
        "products" => new { name = "Gateway Mug", price = 12.5m, currency = "EUR" },
        _ => new { name = "Gateway Bakery", category = "Food", city = "Lyon" },
    };

    private static string ServiceOf(string assembly) => assembly.Split('.')[1].ToLowerInvariant();

    private static async Task<Dictionary<string, long>> ForwardedAsync(HttpClient admin)
    {
        var services = await admin.GetFromJsonAsync<List<JsonElement>>("/api/brain/admin/gateway");
        return services!.Single(s => s.GetProperty("service").GetString() == "crm").GetProperty("destinations").EnumerateArray()
            .ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("forwarded").GetInt64());
    }

    private static async Task<int> HealthyCrmAsync(HttpClient admin)
    {
        var services = await admin.GetFromJsonAsync<List<JsonElement>>("/api/brain/admin/gateway");
        return services!.Single(s => s.GetProperty("service").GetString() == "crm").GetProperty("healthyDestinations").GetInt32();
    }
}
