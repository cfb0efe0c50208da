using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// The web apps read the services' answers into the contracts projects' records (BizOSaaS.Hub.Contracts,
/// BizOSaaS.Crm.Contracts, BizOSaaS.Commerce.Contracts). Every read they make is done here against the live platform, as the person who makes it,
/// with a member the record does not know refused and a missing non-nullable one refused: a server change that the
/// web apps' types do not follow fails here, not in a browser.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ContractTests(PlatformFixture platform)
{
    private const string PlatformAdmin = "admin@bizosaas.dev";
    private const string TenantAdmin = "admin@coreldove.dev";

    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    [Fact]
    public void The_check_is_strict_an_unknown_member_is_refused()
    {
        var json = """{"userId":"0b6f3a10-0000-4000-8000-000000000001","displayName":"A","email":"a@x.dev","role":"member","extra":1}""";
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PersonResponse>(json, Strict));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PersonResponse>("""{"displayName":"A"}""", Strict));
    }

    [Fact]
    public async Task What_Admin_reads_from_the_hub_is_its_contracts_exactly()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);

        await ReadAsync<CrossPlatformMetricsResponse>(admin, "/api/brain/admin/metrics/cross-platform");
        await ReadAsync<AllPlatformStatsResponse>(admin, "/api/brain/admin/platforms/all/stats");
        await ReadAsync<SystemHealthResponse>(admin, "/api/brain/admin/system/health");
        await ReadAsync<UserActivityResponse>(admin, "/api/brain/admin/users/activity?days=7");
        await ReadAsync<RevenueBreakdownResponse>(admin, "/api/brain/admin/revenue/breakdown");
        await ReadAsync<AnalyticsSummaryResponse>(admin, "/api/brain/admin/analytics/summary?days=7");
        var tenants = await ReadAsync<List<TenantResponse>>(admin, "/api/brain/tenant/list/all");
        Assert.NotEmpty(tenants);
        Assert.NotEmpty(await ReadAsync<List<AuditEventResponse>>(admin, $"/api/brain/audit?tenantId={PlatformTokens.CorelDove}&limit=5"));
    }

    [Fact]
    public async Task What_the_Portal_and_the_shared_pages_read_from_the_hub_is_its_contracts_exactly()
    {
        using var anonymous = platform.App.CreateHttpClient("hub");
        using var tenantAdmin = await platform.Tokens.ClientAsync("hub", TenantAdmin);

        await ReadAsync<PlatformStatusResponse>(anonymous, "/api/brain/status");
        await ReadAsync<TenantResponse>(tenantAdmin, "/api/brain/tenant/current");
        Assert.NotEmpty((await ReadAsync<MembersResponse>(tenantAdmin, "/api/brain/tenant/members")).Members);
        Assert.NotEmpty(await ReadAsync<List<PersonResponse>>(tenantAdmin, "/api/brain/tenant/people"));
        Assert.NotEmpty(await ReadAsync<List<AuditEventResponse>>(tenantAdmin, "/api/brain/audit?limit=5"));
        await ReadAsync<ApprovalPage>(tenantAdmin, "/api/brain/hitl/queue?limit=50");
        await ReadAsync<ApprovalPage>(tenantAdmin, "/api/brain/hitl/history?limit=50");
        Assert.NotEmpty(await ReadAsync<List<ApprovalTypeResponse>>(tenantAdmin, "/api/brain/hitl/types"));
        await ReadAsync<ApprovalStats>(tenantAdmin, "/api/brain/hitl/stats");
    }

    [Fact]
    public async Task What_the_Portal_reads_from_the_crm_through_the_gateway_is_its_contracts_exactly()
    {
        using var tenantAdmin = await platform.Tokens.ClientAsync("hub", TenantAdmin);

        var page = await ReadAsync<LeadPage>(tenantAdmin, "/api/brain/crm/leads?limit=5&withTotal=true");
        var lead = Assert.IsType<LeadResponse>(page.Items.FirstOrDefault(l => l.ScoreFactors.Count > 0));
        await ReadAsync<LeadStats>(tenantAdmin, "/api/brain/crm/leads/stats");
        await ReadAsync<LeadResponse>(tenantAdmin, $"/api/brain/crm/leads/{lead.Id}");
        await ReadAsync<List<RecordChangeResponse>>(tenantAdmin, $"/api/brain/crm/leads/{lead.Id}/history");
        await ReadAsync<List<ActivityResponse>>(tenantAdmin, $"/api/brain/crm/activities?limit=5&leadId={lead.Id}");
        await ReadAsync<List<DuplicateGroup>>(tenantAdmin, $"/api/brain/crm/leads/{lead.Id}/duplicates");
        await ReadAsync<List<DealResponse>>(tenantAdmin, $"/api/brain/crm/deals?leadId={lead.Id}");
        Assert.NotEmpty(await ReadAsync<List<LeadSourceResponse>>(tenantAdmin, "/api/brain/crm/lead-sources"));
    }

    [Fact]
    public async Task What_the_Portal_writes_to_the_crm_is_read_back_as_its_contracts_exactly()
    {
        using var tenantAdmin = await platform.Tokens.ClientAsync("hub", TenantAdmin);
        var followUp = DateTimeOffset.UtcNow.AddDays(3).ToUniversalTime();
        followUp = new DateTimeOffset(followUp.Year, followUp.Month, followUp.Day, followUp.Hour, followUp.Minute, followUp.Second, TimeSpan.Zero);

        var created = await SendAsync<LeadResponse>(tenantAdmin, HttpMethod.Post, "/api/brain/crm/leads",
            new LeadRequest("Contract Lead", $"contract-{Guid.NewGuid():N}@example.com", NextFollowUpAt: followUp));
        // The Portal's editor sends every field back: what it does not show is kept, not erased.
        var updated = await SendAsync<LeadResponse>(tenantAdmin, HttpMethod.Put, $"/api/brain/crm/leads/{created.Id}",
            new LeadRequest(created.Name, created.Email, Company: "Contract Co", NextFollowUpAt: created.NextFollowUpAt));
        Assert.Equal("Contract Co", updated.Company);
        Assert.Equal(followUp, updated.NextFollowUpAt);

        await SendAsync<ActivityResponse>(tenantAdmin, HttpMethod.Post, "/api/brain/crm/activities",
            new ActivityRequest("note", "Called about the contract", LeadId: created.Id));
        await SendAsync<ConversionResponse>(tenantAdmin, HttpMethod.Post, $"/api/brain/crm/leads/{created.Id}/convert",
            new ConvertLeadRequest(CreateDeal: false));
    }

    [Fact]
    public async Task What_the_Portal_reads_from_the_store_is_its_contracts_exactly()
    {
        using var tenantAdmin = await platform.Tokens.ClientAsync("hub", TenantAdmin);

        var stats = await ReadAsync<BizOSaaS.Commerce.Contracts.RevenueStats>(tenantAdmin, "/api/brain/commerce/orders/stats?days=30");
        Assert.Equal(30, stats.ByDay.Count);
        // CorelDove's demo store has orders in Development.
        Assert.NotEmpty(await ReadAsync<List<BizOSaaS.Commerce.Contracts.OrderResponse>>(tenantAdmin, "/api/brain/commerce/orders?limit=20"));
    }

    private static async Task<T> ReadAsync<T>(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await ContractOf<T>(response, $"GET {path}");
    }

    private static async Task<T> SendAsync<T>(HttpClient client, HttpMethod method, string path, object body)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, body.GetType()) });
        return await ContractOf<T>(response, $"{method} {path}");
    }

    private static async Task<T> ContractOf<T>(HttpResponseMessage response, string request)
    {
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{request}: {(int)response.StatusCode} {json}");
        try
        {
            return JsonSerializer.Deserialize<T>(json, Strict) ?? throw new JsonException("null body");
        }
        catch (JsonException ex)
        {
            Assert.Fail($"{request} does not match {typeof(T).Name}: {ex.Message}\n{json[..Math.Min(json.Length, 2000)]}");
            throw;
        }
    }
}
