using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>The hub's admin aggregation API (<c>/api/brain/admin/...</c>) on the real platform: who may read it,
/// and that its figures follow live data, including a service that is down.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AdminApiTests(PlatformFixture platform)
{
    private const string PlatformAdmin = "admin@bizosaas.dev";

    public static TheoryData<string> Paths =>
    [
        "/api/brain/admin/metrics/cross-platform",
        "/api/brain/admin/platforms/coreldove/stats",
        "/api/brain/admin/platforms/all/stats",
        "/api/brain/admin/system/health",
        "/api/brain/admin/users/activity",
        "/api/brain/admin/revenue/breakdown",
        "/api/brain/admin/analytics/summary",
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Only_platform_admins_read_the_admin_api(string path)
    {
        using var anonymous = platform.App.CreateHttpClient("hub");
        using var tenantAdmin = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        using var member = await platform.Tokens.ClientAsync("hub", "member@coreldove.dev");
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenantAdmin.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(path)).StatusCode);
        using var allowed = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("application/json", allowed.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", allowed.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_lead_created_in_the_crm_raises_CorelDoves_count_by_one_and_the_total_with_it()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        using var crm = await platform.Tokens.ClientAsync("crm", "admin@coreldove.dev");
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/platforms/coreldove/stats");
        var metricsBefore = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/metrics/cross-platform");
        var crmCount = (await crm.GetFromJsonAsync<JsonElement>("/api/leads/count")).GetProperty("count").GetInt64();
        Assert.Equal(crmCount, Value(before, "leads"));

        (await crm.PostAsJsonAsync("/api/leads", new { name = "Admin Count Lead", email = "admin-count@example.com" })).EnsureSuccessStatusCode();

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/platforms/coreldove/stats");
        Assert.Equal(Value(before, "leads") + 1, Value(after, "leads"));
        Assert.Equal(Value(before, "newLeads") + 1, Value(after, "newLeads"));
        Assert.Equal(Value(before, "demoLeads"), Value(after, "demoLeads"));
        Assert.Equal(Value(after, "leads"), after.GetProperty("leadsByStatus").EnumerateObject().Sum(s => s.Value.GetInt64()));
        Assert.Equal(30, after.GetProperty("newLeadsPerDay").GetArrayLength());
        Assert.Equal("CorelDove", after.GetProperty("name").GetString());
        Assert.Equal("enterprise", after.GetProperty("planId").GetString());

        var metricsAfter = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/metrics/cross-platform");
        var totalBefore = metricsBefore.GetProperty("totals").GetProperty("leads");
        var totalAfter = metricsAfter.GetProperty("totals").GetProperty("leads");
        Assert.True(totalAfter.GetProperty("complete").GetBoolean());
        Assert.Equal(totalBefore.GetProperty("value").GetInt64() + 1, totalAfter.GetProperty("value").GetInt64());
        Assert.Equal(totalAfter.GetProperty("value").GetInt64(),
            metricsAfter.GetProperty("totals").GetProperty("leadsByStatus").EnumerateObject().Sum(s => s.Value.GetInt64()));
        var coreldove = metricsAfter.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "coreldove");
        Assert.Equal(Value(after, "leads"), Value(coreldove, "leads"));

        // The same tenant by id, and an unknown one as problem details.
        var byId = await admin.GetFromJsonAsync<JsonElement>($"/api/brain/admin/platforms/{PlatformTokens.CorelDove}/stats");
        Assert.Equal("coreldove", byId.GetProperty("slug").GetString());
        using var unknown = await admin.GetAsync("/api/brain/admin/platforms/no-such-platform/stats");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_request_waiting_in_a_tenants_approval_queue_is_counted_for_that_tenant_and_its_decision_moves_it()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        using var requester = await platform.Tokens.ClientAsync("hub", "admin@thrillring.dev");
        async Task<(int Pending, int Urgent, int Decided, int Total)> CountsAsync()
        {
            var metrics = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/metrics/cross-platform");
            var tenant = metrics.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "thrillring");
            return (tenant.GetProperty("pendingApprovals").GetInt32(), tenant.GetProperty("pendingApprovalsByPriority").GetProperty("urgent").GetInt32(),
                tenant.GetProperty("decidedApprovals").GetInt32(), metrics.GetProperty("totals").GetProperty("pendingApprovals").GetInt32());
        }

        var before = await CountsAsync();
        using var created = await requester.PostAsJsonAsync("/api/brain/hitl/requests", new
        {
            type = "campaign_optimization",
            priority = "urgent",
            title = "Raise the bid on the launch campaign",
            payload = new { campaign = "launch", bid = 1.8 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var waiting = await CountsAsync();
        Assert.Equal((before.Pending + 1, before.Urgent + 1, before.Decided, before.Total + 1), waiting);

        // The tenant's own figures say the same.
        var stats = await requester.GetFromJsonAsync<JsonElement>("/api/brain/hitl/stats");
        Assert.Equal(waiting.Pending, stats.GetProperty("pendingByPriority").EnumerateObject().Sum(p => p.Value.GetInt64()));

        using var cancelled = await requester.PostAsJsonAsync($"/api/brain/hitl/cancel/{id}", new { comment = "Not needed after all." });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal((before.Pending, before.Urgent, before.Decided + 1, before.Total), await CountsAsync());
    }

    [Fact]
    public async Task Members_and_a_failed_sign_in_show_up_in_the_figures_and_user_activity()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        using var thrillring = await platform.Tokens.ClientAsync("hub", "admin@thrillring.dev");
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/platforms/thrillring/stats");
        var activityBefore = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/users/activity?days=7");

        var email = $"activity-{Guid.NewGuid():N}@thrillring.dev";
        (await thrillring.PostAsJsonAsync("/api/brain/tenant/members", new { email, displayName = "Activity Test", role = "member", password = "Right-Passw0rd" }))
            .EnsureSuccessStatusCode();
        using (var wrong = await platform.Tokens.RequestTokenAsync(email, "wrong-password"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/platforms/thrillring/stats");
        Assert.Equal(before.GetProperty("members").GetInt32() + 1, after.GetProperty("members").GetInt32());
        Assert.Equal(before.GetProperty("failedSignIns").GetInt32() + 1, after.GetProperty("failedSignIns").GetInt32());

        var activity = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/users/activity?days=7");
        Assert.Equal(7, activity.GetProperty("daily").GetArrayLength());
        Assert.Equal(activityBefore.GetProperty("failedSignIns").GetInt32() + 1, activity.GetProperty("failedSignIns").GetInt32());
        var today = activity.GetProperty("daily").EnumerateArray().Last();
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"), today.GetProperty("day").GetString());
        var todayBefore = activityBefore.GetProperty("daily").EnumerateArray().Last();
        if (todayBefore.GetProperty("day").GetString() == today.GetProperty("day").GetString())
        {
            Assert.Equal(todayBefore.GetProperty("failed").GetInt32() + 1, today.GetProperty("failed").GetInt32());
        }
        var tenantRow = activity.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "ThrillRing");
        var tenantRowBefore = activityBefore.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "ThrillRing");
        Assert.Equal(tenantRowBefore.GetProperty("failed").GetInt32() + 1, tenantRow.GetProperty("failed").GetInt32());
        Assert.Contains(activity.GetProperty("recent").EnumerateArray(),
            e => e.GetProperty("type").GetString() == "sign_in.failed" && e.GetProperty("email").GetString() == email && e.GetProperty("tenantName").GetString() == "ThrillRing");

        using var tooLong = await admin.GetAsync("/api/brain/admin/users/activity?days=91");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("days", out _));
    }

    [Fact]
    public async Task Reading_across_tenants_is_audited()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");

        (await admin.GetAsync("/api/brain/admin/metrics/cross-platform")).EnsureSuccessStatusCode();

        var events = await admin.GetFromJsonAsync<List<JsonElement>>(
            $"/api/brain/audit?type=platform.cross_tenant_read&since={Uri.EscapeDataString(since)}&limit=50");
        Assert.Contains(events!, e => e.GetProperty("detail").GetString()!.StartsWith("Cross-platform metrics across", StringComparison.Ordinal)
            && e.GetProperty("actorEmail").GetString() == PlatformAdmin);
        Assert.Contains(events!, e => e.GetProperty("detail").GetString()!.StartsWith("Read lead figures from crm and product count from commerce across", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_service_and_dependency_is_reported_healthy_with_its_checks()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);

        var health = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/system/health");

        var resources = health.GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        // The hub sees each service as service discovery gives it: crm's two replicas behind DCP's proxy (ADR 8).
        Assert.Equal(["hub", "postgres", "cache", "crm", "commerce", "directory", "portal", "admin"], resources.Keys);
        Assert.All(resources.Values, r => Assert.Equal("Healthy", r.GetProperty("status").GetString()));
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal(resources.Count, health.GetProperty("healthy").GetInt32());
        Assert.Equal(platform.App.GetEndpoint("crm", "http").ToString().TrimEnd('/'), resources["crm"].GetProperty("address").GetString());
        Assert.Contains(resources["crm"].GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "crmdb" && c.GetProperty("status").GetString() == "Healthy");
        Assert.Contains(resources["postgres"].GetProperty("alsoSeenBy").EnumerateArray(), o => o.GetProperty("check").GetString() == "commercedb");
        Assert.Contains(resources["cache"].GetProperty("alsoSeenBy").EnumerateArray(), o => o.GetProperty("resource").GetString() == "crm");
    }

    [Fact]
    public async Task A_crm_replica_that_is_down_is_skipped_and_a_crm_that_is_down_makes_the_lead_figures_unavailable_not_zero()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        await platform.StopAsync("crm", replica: 1);
        try
        {
            // One replica down: DCP's proxy sends every request to the other, so every figure is there.
            for (var round = 0; round < 2; round++)
            {
                var partly = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/metrics/cross-platform");
                Assert.True(partly.GetProperty("totals").GetProperty("leads").GetProperty("complete").GetBoolean(),
                    partly.GetProperty("totals").GetProperty("leads").GetProperty("reason").GetString());
            }

            await platform.StopAsync("crm", replica: 0);
            var metrics = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/metrics/cross-platform");
            foreach (var tenant in metrics.GetProperty("tenants").EnumerateArray())
            {
                var leads = tenant.GetProperty("leads");
                Assert.Equal(JsonValueKind.Null, leads.GetProperty("value").ValueKind);
                Assert.False(leads.GetProperty("available").GetBoolean());
                Assert.Contains("crm", leads.GetProperty("reason").GetString());
                Assert.False(tenant.GetProperty("demoLeads").GetProperty("available").GetBoolean());
                Assert.Equal(JsonValueKind.Null, tenant.GetProperty("leadsByStatus").ValueKind);
                // Commerce still answers for the same tenant.
                Assert.True(tenant.GetProperty("products").GetProperty("available").GetBoolean());
            }
            var total = metrics.GetProperty("totals").GetProperty("leads");
            Assert.Equal(JsonValueKind.Null, total.GetProperty("value").ValueKind);
            Assert.False(total.GetProperty("complete").GetBoolean());
            Assert.Equal(0, total.GetProperty("tenantsCounted").GetInt32());

            var health = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/system/health");
            Assert.Equal("Unhealthy", health.GetProperty("status").GetString());
            var crm = health.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "crm");
            Assert.Equal("Unreachable", crm.GetProperty("status").GetString());
        }
        finally
        {
            await platform.StartAsync("crm");
        }
        await Eventually.HoldsAsync(async () =>
        {
            var metrics = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/metrics/cross-platform");
            return metrics.GetProperty("totals").GetProperty("leads").GetProperty("complete").GetBoolean();
        }, "the lead figures are available again");
    }

    [Fact]
    public async Task Revenue_says_there_are_no_orders_yet_and_counts_products_and_plans_live()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        using var commerce = await platform.Tokens.ClientAsync("commerce", "admin@bizoholic.dev");
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/revenue/breakdown");

        (await commerce.PostAsJsonAsync("/api/products", new { name = "Admin Revenue Mug", price = 9.5m, currency = "EUR" })).EnsureSuccessStatusCode();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.ThrillRing}/plan", new { planId = "enterprise" })).StatusCode);
            var after = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/revenue/breakdown");

            Assert.False(after.GetProperty("ordersAvailable").GetBoolean());
            Assert.Equal(0m, after.GetProperty("totalRevenue").GetDecimal());
            Assert.Equal(0, after.GetProperty("orders").GetInt64());
            Assert.Contains("no orders", after.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(before.GetProperty("products").GetProperty("value").GetInt64() + 1, after.GetProperty("products").GetProperty("value").GetInt64());
            var bizoholic = after.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Bizoholic");
            var bizoholicBefore = before.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Bizoholic");
            Assert.Equal(Value(bizoholicBefore, "products") + 1, Value(bizoholic, "products"));

            var plans = after.GetProperty("plans").EnumerateArray().ToDictionary(p => p.GetProperty("planId").GetString()!, p => p.GetProperty("tenants").GetInt32());
            var plansBefore = before.GetProperty("plans").EnumerateArray().ToDictionary(p => p.GetProperty("planId").GetString()!, p => p.GetProperty("tenants").GetInt32());
            Assert.Equal(["free", "professional", "enterprise"], plans.Keys);
            Assert.Equal(plansBefore["enterprise"] + 1, plans["enterprise"]);
            Assert.Equal(plansBefore["professional"] - 1, plans["professional"]);
        }
        finally
        {
            await admin.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.ThrillRing}/plan", new { planId = "professional" });
        }
    }

    [Fact]
    public async Task The_summary_counts_new_members_and_sign_ins_in_the_current_period()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        using var bizoholic = await platform.Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/analytics/summary?days=7");

        var email = $"summary-{Guid.NewGuid():N}@bizoholic.dev";
        (await bizoholic.PostAsJsonAsync("/api/brain/tenant/members", new { email, displayName = "Summary Test", role = "member", password = "Right-Passw0rd" }))
            .EnsureSuccessStatusCode();
        await platform.Tokens.SignInAsync(email, "Right-Passw0rd");

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/analytics/summary?days=7");
        Assert.Equal(7, after.GetProperty("days").GetInt32());
        Assert.Equal(before.GetProperty("users").GetInt32() + 1, after.GetProperty("users").GetInt32());
        Assert.Equal(Current(before, "newUsers") + 1, Current(after, "newUsers"));
        Assert.Equal(Current(before, "newMemberships") + 1, Current(after, "newMemberships"));
        Assert.Equal(Current(before, "signIns") + 1, Current(after, "signIns"));
        Assert.Equal(Current(before, "activeUsers") + 1, Current(after, "activeUsers"));
        Assert.True(after.GetProperty("leads").GetProperty("complete").GetBoolean());

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/brain/admin/analytics/summary?days=0")).StatusCode);
    }

    private static long Value(JsonElement figures, string figure)
    {
        var value = figures.GetProperty(figure);
        Assert.True(value.GetProperty("available").GetBoolean(), $"{figure} is unavailable: {value.GetProperty("reason")}");
        return value.GetProperty("value").GetInt64();
    }

    private static int Current(JsonElement summary, string measure) => summary.GetProperty(measure).GetProperty("current").GetInt32();
}
