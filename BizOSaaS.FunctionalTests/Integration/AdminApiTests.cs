using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

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
        var before = (await admin.GetFromJsonAsync<TenantFigures>("/api/brain/admin/platforms/coreldove/stats"))!;
        var metricsBefore = (await admin.GetFromJsonAsync<CrossPlatformMetricsResponse>("/api/brain/admin/metrics/cross-platform"))!;
        var crmCount = (await crm.GetFromJsonAsync<LeadCount>("/api/leads/count"))!.Count;
        Assert.Equal(crmCount, Value(before.Leads));

        (await crm.PostAsJsonAsync("/api/leads", new { name = "Admin Count Lead", email = "admin-count@example.com" })).EnsureSuccessStatusCode();

        var after = (await admin.GetFromJsonAsync<TenantFigures>("/api/brain/admin/platforms/coreldove/stats"))!;
        Assert.Equal(Value(before.Leads) + 1, Value(after.Leads));
        Assert.Equal(Value(before.NewLeads) + 1, Value(after.NewLeads));
        Assert.Equal(Value(before.DemoLeads), Value(after.DemoLeads));
        Assert.NotNull(after.LeadsByStatus);
        Assert.Equal(Value(after.Leads), after.LeadsByStatus.Values.Sum());
        Assert.NotNull(after.NewLeadsPerDay);
        Assert.Equal(30, after.NewLeadsPerDay.Count);
        Assert.Equal("CorelDove", after.Name);
        Assert.Equal("enterprise", after.PlanId);

        var metricsAfter = (await admin.GetFromJsonAsync<CrossPlatformMetricsResponse>("/api/brain/admin/metrics/cross-platform"))!;
        var totalBefore = metricsBefore.Totals.Leads;
        var totalAfter = metricsAfter.Totals.Leads;
        Assert.True(totalAfter.Complete);
        Assert.NotNull(totalBefore.Value);
        Assert.NotNull(totalAfter.Value);
        Assert.Equal(totalBefore.Value + 1, totalAfter.Value);
        Assert.Equal(totalAfter.Value, metricsAfter.Totals.LeadsByStatus.Values.Sum());
        var coreldove = metricsAfter.Tenants.Single(t => t.Slug == "coreldove");
        Assert.Equal(Value(after.Leads), Value(coreldove.Leads));

        // The same tenant by id, and an unknown one as problem details.
        var byId = (await admin.GetFromJsonAsync<TenantFigures>($"/api/brain/admin/platforms/{PlatformTokens.CorelDove}/stats"))!;
        Assert.Equal("coreldove", byId.Slug);
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
            var metrics = (await admin.GetFromJsonAsync<CrossPlatformMetricsResponse>("/api/brain/admin/metrics/cross-platform"))!;
            var tenant = metrics.Tenants.Single(t => t.Slug == "thrillring");
            return (tenant.PendingApprovals, tenant.PendingApprovalsByPriority["urgent"], tenant.DecidedApprovals, metrics.Totals.PendingApprovals);
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
        var id = (await created.Content.ReadFromJsonAsync<ApprovalResponse>())!.Id;
        var waiting = await CountsAsync();
        Assert.Equal((before.Pending + 1, before.Urgent + 1, before.Decided, before.Total + 1), waiting);

        // The tenant's own figures say the same.
        var stats = (await requester.GetFromJsonAsync<ApprovalStats>("/api/brain/hitl/stats"))!;
        Assert.Equal(waiting.Pending, stats.PendingByPriority.Values.Sum());

        using var cancelled = await requester.PostAsJsonAsync($"/api/brain/hitl/cancel/{id}", new { comment = "Not needed after all." });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal((before.Pending, before.Urgent, before.Decided + 1, before.Total), await CountsAsync());
    }

    [Fact]
    public async Task Members_and_a_failed_sign_in_show_up_in_the_figures_and_user_activity()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        using var thrillring = await platform.Tokens.ClientAsync("hub", "admin@thrillring.dev");
        var before = (await admin.GetFromJsonAsync<TenantFigures>("/api/brain/admin/platforms/thrillring/stats"))!;
        var activityBefore = (await admin.GetFromJsonAsync<UserActivityResponse>("/api/brain/admin/users/activity?days=7"))!;

        var email = $"activity-{Guid.NewGuid():N}@thrillring.dev";
        (await thrillring.PostAsJsonAsync("/api/brain/tenant/members", new { email, displayName = "Activity Test", role = "member", password = "Right-Passw0rd" }))
            .EnsureSuccessStatusCode();
        using (var wrong = await platform.Tokens.RequestTokenAsync(email, "wrong-password"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        var after = (await admin.GetFromJsonAsync<TenantFigures>("/api/brain/admin/platforms/thrillring/stats"))!;
        Assert.Equal(before.Members + 1, after.Members);
        Assert.Equal(before.FailedSignIns + 1, after.FailedSignIns);

        var activity = (await admin.GetFromJsonAsync<UserActivityResponse>("/api/brain/admin/users/activity?days=7"))!;
        Assert.Equal(7, activity.Daily.Count);
        Assert.Equal(activityBefore.FailedSignIns + 1, activity.FailedSignIns);
        var today = activity.Daily[^1];
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), today.Day);
        var todayBefore = activityBefore.Daily[^1];
        if (todayBefore.Day == today.Day)
        {
            Assert.Equal(todayBefore.Failed + 1, today.Failed);
        }
        var tenantRow = activity.Tenants.Single(t => t.Name == "ThrillRing");
        var tenantRowBefore = activityBefore.Tenants.Single(t => t.Name == "ThrillRing");
        Assert.Equal(tenantRowBefore.Failed + 1, tenantRow.Failed);
        Assert.Contains(activity.Recent, e => e.Type == "sign_in.failed" && e.Email == email && e.TenantName == "ThrillRing");

        using var tooLong = await admin.GetAsync("/api/brain/admin/users/activity?days=91");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors.ContainsKey("days"));
    }

    [Fact]
    public async Task Reading_across_tenants_is_audited()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");

        (await admin.GetAsync("/api/brain/admin/metrics/cross-platform")).EnsureSuccessStatusCode();

        var events = await admin.GetFromJsonAsync<List<AuditEventResponse>>(
            $"/api/brain/audit?type=platform.cross_tenant_read&since={Uri.EscapeDataString(since)}&limit=50");
        Assert.Contains(events!, e => e.Detail.StartsWith("Cross-platform metrics across", StringComparison.Ordinal)
            && e.ActorEmail == PlatformAdmin);
        Assert.Contains(events!, e => e.Detail.StartsWith("Read lead figures from crm and product count from commerce across", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_service_and_dependency_is_reported_healthy_with_its_checks()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);

        var health = (await admin.GetFromJsonAsync<SystemHealthResponse>("/api/brain/admin/system/health"))!;

        var resources = health.Resources.ToDictionary(r => r.Name);
        // The hub sees each service as service discovery gives it: crm's two replicas at the addresses they announce
        // in the replica directory, not DCP's proxy in front of them (ADR 33).
        Assert.Equal(["hub", "postgres", "cache", "crm-0", "crm-1", "commerce", "directory", "portal", "admin"], resources.Keys);
        Assert.All(resources.Values, r => Assert.Equal("Healthy", r.Status));
        Assert.Equal("Healthy", health.Status);
        Assert.Equal(resources.Count, health.Healthy);
        Assert.Equal(platform.ReplicaAddresses("crm"), [resources["crm-0"].Address!, resources["crm-1"].Address!]);
        Assert.Contains(resources["crm-0"].Checks, c => c.Name == "crmdb" && c.Status == "Healthy");
        Assert.Contains(resources["postgres"].AlsoSeenBy, o => o.Check == "commercedb");
        Assert.Contains(resources["cache"].AlsoSeenBy, o => o.Resource == "crm-0");
    }

    [Fact]
    public async Task A_crm_replica_that_is_down_is_skipped_and_a_crm_that_is_down_makes_the_lead_figures_unavailable_not_zero()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        await platform.StopAsync("crm", replica: 1);
        try
        {
            // One replica down: it withdrew from the replica directory, so every request goes to the other and every
            // figure is there.
            for (var round = 0; round < 2; round++)
            {
                var partly = (await admin.GetFromJsonAsync<CrossPlatformMetricsResponse>("/api/brain/admin/metrics/cross-platform"))!;
                Assert.True(partly.Totals.Leads.Complete, partly.Totals.Leads.Reason);
            }

            await platform.StopAsync("crm", replica: 0);
            // Read raw as well: the unavailable figures must be null in the JSON itself, not left out.
            var json = await admin.GetFromJsonAsync<JsonElement>("/api/brain/admin/metrics/cross-platform");
            var metrics = json.Deserialize<CrossPlatformMetricsResponse>(JsonSerializerOptions.Web)!;
            foreach (var (tenant, raw) in metrics.Tenants.Zip(json.GetProperty("tenants").EnumerateArray()))
            {
                Assert.Equal(JsonValueKind.Null, raw.GetProperty("leads").GetProperty("value").ValueKind);
                Assert.False(tenant.Leads.Available);
                Assert.Contains("crm", tenant.Leads.Reason);
                Assert.False(tenant.DemoLeads.Available);
                Assert.Equal(JsonValueKind.Null, raw.GetProperty("leadsByStatus").ValueKind);
                // Commerce still answers for the same tenant.
                Assert.True(tenant.Products.Available);
            }
            var total = metrics.Totals.Leads;
            Assert.Equal(JsonValueKind.Null, json.GetProperty("totals").GetProperty("leads").GetProperty("value").ValueKind);
            Assert.False(total.Complete);
            Assert.Equal(0, total.TenantsCounted);

            var health = (await admin.GetFromJsonAsync<SystemHealthResponse>("/api/brain/admin/system/health"))!;
            Assert.Equal("Unhealthy", health.Status);
            // No replica announces itself any more: discovery falls back to the configured address, DCP's proxy,
            // which has no replica to send the probe to.
            var crm = health.Resources.Single(r => r.Name == "crm");
            Assert.Equal("Unreachable", crm.Status);
            Assert.Equal(platform.App.GetEndpoint("crm", "http").ToString().TrimEnd('/'), crm.Address);
        }
        finally
        {
            await platform.StartAsync("crm");
        }
        await Eventually.HoldsAsync(async () =>
        {
            var metrics = await admin.GetFromJsonAsync<CrossPlatformMetricsResponse>("/api/brain/admin/metrics/cross-platform");
            return metrics!.Totals.Leads.Complete;
        }, "the lead figures are available again");
    }

    [Fact]
    public async Task Revenue_is_live_from_the_orders_and_counts_products_and_plans()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", PlatformAdmin);
        using var commerce = await platform.Tokens.ClientAsync("commerce", "admin@bizoholic.dev");
        var before = (await admin.GetFromJsonAsync<RevenueBreakdownResponse>("/api/brain/admin/revenue/breakdown"))!;

        (await commerce.PostAsJsonAsync("/api/products", new { name = "Admin Revenue Mug", price = 9.5m })).EnsureSuccessStatusCode();
        var order = await SellOneAsync(commerce);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.ThrillRing}/plan", new { planId = "enterprise" })).StatusCode);
            var after = (await admin.GetFromJsonAsync<RevenueBreakdownResponse>("/api/brain/admin/revenue/breakdown"))!;

            Assert.Equal(30, after.Days);
            var seller = after.Tenants.Single(t => t.Name == "Bizoholic");
            var sellerBefore = before.Tenants.Single(t => t.Name == "Bizoholic");
            Assert.Equal(("USD", Value(sellerBefore.Orders) + 1, sellerBefore.Revenue + order.Totals.Total), (seller.Currency, Value(seller.Orders), seller.Revenue));
            // The platform's totals hold it: per currency, over the tenants commerce answered for (the others are named).
            Assert.True(after.RevenueByCurrency.Single(c => c.Currency == "USD").Revenue >= seller.Revenue);
            Assert.True(after.Orders.Value >= Value(seller.Orders));
            Assert.Equal(after.Orders.Complete, after.Orders.Reason is null);
            // Two products: the mug, and the gift card the order bought.
            Assert.Equal(Value(sellerBefore.Products) + 2, Value(seller.Products));
            Assert.NotNull(after.Products.Value);

            var plans = after.Plans.ToDictionary(p => p.PlanId, p => p.Tenants);
            var plansBefore = before.Plans.ToDictionary(p => p.PlanId, p => p.Tenants);
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
        var before = (await admin.GetFromJsonAsync<AnalyticsSummaryResponse>("/api/brain/admin/analytics/summary?days=7"))!;

        var email = $"summary-{Guid.NewGuid():N}@bizoholic.dev";
        (await bizoholic.PostAsJsonAsync("/api/brain/tenant/members", new { email, displayName = "Summary Test", role = "member", password = "Right-Passw0rd" }))
            .EnsureSuccessStatusCode();
        await platform.Tokens.SignInAsync(email, "Right-Passw0rd");

        var after = (await admin.GetFromJsonAsync<AnalyticsSummaryResponse>("/api/brain/admin/analytics/summary?days=7"))!;
        Assert.Equal(7, after.Days);
        Assert.Equal(before.Users + 1, after.Users);
        Assert.Equal(before.NewUsers.Current + 1, after.NewUsers.Current);
        Assert.Equal(before.NewMemberships.Current + 1, after.NewMemberships.Current);
        Assert.Equal(before.SignIns.Current + 1, after.SignIns.Current);
        Assert.Equal(before.ActiveUsers.Current + 1, after.ActiveUsers.Current);
        Assert.True(after.Leads.Complete);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/brain/admin/analytics/summary?days=0")).StatusCode);
    }

    /// <summary>One paid order in the client's tenant's store: a variant with no tracked stock, a shipping method, a checkout.</summary>
    private static async Task<BizOSaaS.Commerce.Contracts.OrderResponse> SellOneAsync(HttpClient commerce)
    {
        var product = await (await commerce.PostAsJsonAsync("/api/products", new { name = "Gift card", variants = new[] { new { sku = $"GIFT-{Guid.NewGuid():N}"[..20], price = 25m, trackInventory = false } } }))
            .Content.ReadFromJsonAsync<BizOSaaS.Commerce.Contracts.ProductResponse>();
        var shipping = await (await commerce.PostAsJsonAsync("/api/shipping-methods", new { name = $"E-mail {Guid.NewGuid():N}", price = 0m }))
            .Content.ReadFromJsonAsync<BizOSaaS.Commerce.Contracts.ShippingMethodResponse>();
        var checkout = await (await commerce.PostAsJsonAsync("/api/checkouts", new
        {
            email = $"gift-{Guid.NewGuid():N}@example.com",
            lines = new[] { new { variantId = product!.Variants[0].Id, quantity = 2 } },
            shippingAddress = new { name = "Gil Gift", line1 = "2 Card Lane", city = "Leeds", postalCode = "LS1 1AA", country = "GB" },
            shippingMethodId = shipping!.Id,
        })).Content.ReadFromJsonAsync<BizOSaaS.Commerce.Contracts.CheckoutResponse>();
        using var completed = await commerce.PostAsync($"/api/checkouts/{checkout!.Id}/complete", null);
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        var order = (await completed.Content.ReadFromJsonAsync<BizOSaaS.Commerce.Contracts.OrderResponse>())!;
        (await commerce.PostAsJsonAsync($"/api/orders/{order.Id}/payments", new { method = "test" })).EnsureSuccessStatusCode();
        return order;
    }

    private static long Value(Figure value, [CallerArgumentExpression(nameof(value))] string figure = "")
    {
        Assert.True(value.Available, $"{figure} is unavailable: {value.Reason}");
        Assert.NotNull(value.Value);
        return value.Value.Value;
    }
}
