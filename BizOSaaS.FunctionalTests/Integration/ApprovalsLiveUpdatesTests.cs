using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using static BizOSaaS.FunctionalTests.Integration.ApprovalsTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>Live queue changes over SignalR (Redis backplane): a tenant's people receive their tenant's changes
/// and nobody else's; the token may come in the query string on the hub's path only.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApprovalsLiveUpdatesTests(PlatformFixture platform)
{
    private readonly ApprovalsTestClient _approvals = new(platform);

    private Uri HubUrl => new(platform.App.CreateHttpClient("hub").BaseAddress!, "/hubs/approvals");

    [Fact]
    public async Task A_client_of_tenant_A_receives_As_changes_and_none_of_Bs()
    {
        var tokenA = (await _approvals.Tokens.SignInAsync("admin@coreldove.dev")).AccessToken;
        var tokenB = (await _approvals.Tokens.SignInAsync("admin@bizoholic.dev")).AccessToken;
        var receivedA = new ConcurrentQueue<ApprovalChange>();
        var receivedB = new ConcurrentQueue<ApprovalChange>();
        await using var connectionA = await ConnectAsync(tokenA, receivedA, PlatformTokens.CorelDove);
        await using var connectionB = await ConnectAsync(tokenB, receivedB, PlatformTokens.Bizoholic);

        using var serviceA = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        using var serviceB = await _approvals.ServiceAsync(PlatformTokens.Bizoholic);
        using var adminA = await _approvals.PersonAsync("admin@coreldove.dev");

        // B's change first, and seen by B: had it been sent to A too, it would have reached A before A's own.
        var requestB = (await CreateAsync(serviceB, new { type = "product_sourcing", title = $"B's request {Marker()}" })).Id;
        await ReceivedAsync(receivedB, requestB, "created");

        var requestA = (await CreateAsync(serviceA, new { type = "product_sourcing", title = $"A's request {Marker()}" })).Id;
        await ReceivedAsync(receivedA, requestA, "created");
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(adminA, "claim", requestA)).Status);
        await ReceivedAsync(receivedA, requestA, "claimed");
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(adminA, "approve", requestA)).Status);
        var decided = await ReceivedAsync(receivedA, requestA, "approved");
        Assert.Equal("approved", decided.Status);

        var now = DateTimeOffset.UtcNow;
        var timed = (await CreateAsync(serviceA, new { type = "supplier_validation", priority = "low", title = $"A's timers {Marker()}", dueAt = now.AddSeconds(3), expiresAt = now.AddSeconds(9) })).Id;
        var escalated = await ReceivedAsync(receivedA, timed, "escalated");
        Assert.Equal("medium", escalated.Priority);
        await ReceivedAsync(receivedA, timed, "expired");

        Assert.All(receivedA, m => Assert.Equal(PlatformTokens.CorelDove, m.TenantId));
        Assert.All(receivedB, m => Assert.Equal(PlatformTokens.Bizoholic, m.TenantId));
        Assert.DoesNotContain(receivedA, m => m.RequestId == requestB);
        Assert.DoesNotContain(receivedB, m => new[] { requestA, timed }.Contains(m.RequestId));
    }

    [Fact]
    public async Task The_hub_takes_the_token_from_the_query_string_as_browsers_send_it_and_no_other_endpoint_does()
    {
        var token = (await _approvals.Tokens.SignInAsync("admin@thrillring.dev")).AccessToken;
        var received = new ConcurrentQueue<ApprovalChange>();
        // No Authorization header at all: negotiate and the WebSocket both carry ?access_token=, like a browser's.
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(HubUrl + "?access_token=" + Uri.EscapeDataString(token)), options => options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
            .Build();
        connection.On<ApprovalChange>("queueChanged", received.Enqueue);
        await using (connection)
        {
            await connection.StartAsync();
            Assert.Equal(PlatformTokens.ThrillRing, await connection.InvokeAsync<Guid>("Tenant"));
            using var service = await _approvals.ServiceAsync(PlatformTokens.ThrillRing);
            var id = (await CreateAsync(service, new { type = "campaign_optimization", title = $"Through the query string {Marker()}" })).Id;
            await ReceivedAsync(received, id, "created");
        }

        using var hub = platform.App.CreateHttpClient("hub");
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.GetAsync($"{Hitl}/queue?access_token={Uri.EscapeDataString(token)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.PostAsync("/hubs/approvals/negotiate?negotiateVersion=1", null)).StatusCode);
        using var negotiate = await hub.PostAsync($"/hubs/approvals/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task The_portal_may_negotiate_across_origins_with_its_bearer_token()
    {
        var portal = platform.App.CreateHttpClient("portal").BaseAddress!.ToString().TrimEnd('/');
        var token = (await _approvals.Tokens.SignInAsync("admin@coreldove.dev")).AccessToken;
        using var hub = platform.App.CreateHttpClient("hub");

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/hubs/approvals/negotiate?negotiateVersion=1");
        preflight.Headers.Add("Origin", portal);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,x-requested-with");
        using var allowed = await hub.SendAsync(preflight);
        Assert.Equal(portal, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/approvals/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", portal);
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await hub.SendAsync(negotiate);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(portal, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var transports = (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.GetProperty("availableTransports");
        Assert.Contains(transports.EnumerateArray(), t => t.GetProperty("transport").GetString() == "WebSockets");
    }

    private async Task<HubConnection> ConnectAsync(string token, ConcurrentQueue<ApprovalChange> received, Guid tenant)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(HubUrl, options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        connection.On<ApprovalChange>("queueChanged", received.Enqueue);
        await connection.StartAsync();
        // Answered once the connection is in its tenant's group: from here on it misses nothing.
        Assert.Equal(tenant, await connection.InvokeAsync<Guid>("Tenant"));
        return connection;
    }

    private static async Task<ApprovalChange> ReceivedAsync(ConcurrentQueue<ApprovalChange> received, Guid requestId, string kind)
    {
        ApprovalChange? message = null;
        await Eventually.HoldsAsync(() =>
        {
            message = received.FirstOrDefault(m => m.RequestId == requestId && m.Kind == kind);
            return message is not null;
        }, $"a {kind} change of {requestId} arrives");
        return message!;
    }
}
