using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace BizOSaaS.BrowserTests;

/// <summary>The Admin console in Debian's Chromium, signed in as the platform admin, against the real platform.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AdminConsoleTests(PlatformWithDashboardFixture platform) : IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveTextOptions Loaded = new() { Timeout = 30_000 };

    private readonly BrowserSession _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private Uri Admin => platform.App.CreateHttpClient("admin").BaseAddress!;

    [Fact]
    public async Task The_platform_admin_sees_a_new_lead_counted_and_every_resource_healthy_on_every_page()
    {
        using var adminApi = await platform.Tokens.ClientAsync("hub", "admin@bizosaas.dev");
        using var crm = await platform.Tokens.ClientAsync("crm", "admin@coreldove.dev");
        (await crm.PostAsJsonAsync("/api/leads", new { name = "Console Lead", email = "console-lead@example.com" })).EnsureSuccessStatusCode();
        var leads = (await crm.GetFromJsonAsync<JsonElement>("/api/leads/count")).GetProperty("count").GetInt64();

        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Admin, "admin@bizosaas.dev");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Platform overview" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("leads-coreldove")).ToHaveTextAsync(leads.ToString("N0", CultureInfo.InvariantCulture), Loaded);
        await Assertions.Expect(page.GetByTestId("leads-coreldove")).ToHaveAttributeAsync("data-available", "true");
        await Assertions.Expect(page.GetByTestId("kpi-tenants-value")).ToHaveTextAsync("3");
        var total = await adminApi.GetFromJsonAsync<JsonElement>("/api/brain/admin/metrics/cross-platform");
        await Assertions.Expect(page.GetByTestId("kpi-leads-value"))
            .ToHaveTextAsync(total.GetProperty("totals").GetProperty("leads").GetProperty("value").GetInt64().ToString("N0", CultureInfo.InvariantCulture));
        // Charts draw once they know their size.
        await Assertions.Expect(page.GetByTestId("chart-leads").Locator("svg text", new() { HasText = "CorelDove" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("chart-plans").Locator("svg path").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("overall-status")).ToHaveTextAsync("Healthy", Loaded);
        await ScreenshotAsync(page, "admin-overview");

        await page.GetByRole(AriaRole.Link, new() { Name = "System health" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("system-status")).ToHaveTextAsync("Healthy", Loaded);
        await Assertions.Expect(page.GetByTestId("healthy-count")).ToHaveTextAsync("9 of 9 resources healthy");
        // crm's two replicas, each at the address it announces in the replica directory (ADR 33).
        foreach (var resource in new[] { "hub", "postgres", "cache", "crm-0", "crm-1", "commerce", "directory", "portal", "admin" })
        {
            await Assertions.Expect(page.GetByTestId($"resource-{resource}")).ToHaveAttributeAsync("data-status", "Healthy");
        }
        await Assertions.Expect(page.GetByTestId("check-crm-0-crmdb")).ToHaveAttributeAsync("data-status", "Healthy");
        await ScreenshotAsync(page, "admin-system-health");

        await page.GetByRole(AriaRole.Link, new() { Name = "User activity" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("chart-activity").Locator("svg text").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("activity-recent")).ToContainTextAsync("admin@bizosaas.dev");
        await ScreenshotAsync(page, "admin-user-activity");

        await page.GetByRole(AriaRole.Link, new() { Name = "Revenue" }).ClickAsync();
        // CorelDove's demo store has orders of the last weeks: real net sales, in its currency.
        await Assertions.Expect(page.GetByTestId("kpi-revenue-value")).ToContainTextAsync("USD", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId($"revenue-{PlatformTokens.CorelDove}")).ToContainTextAsync("USD");
        await Assertions.Expect(page.GetByTestId("kpi-orders-value")).Not.ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("plan-tenants-enterprise")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("chart-revenue-plans").Locator("svg path").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "admin-revenue");

        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status-coreldove")).ToHaveAttributeAsync("data-status", "active", new() { Timeout = 30_000 });
        await ScreenshotAsync(page, "admin-tenants");

        // The same console on a phone: the drawer gives way to the content.
        var phone = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 } });
        var small = await phone.NewPageAsync();
        await BrowserSession.SignInAsync(small, Admin, "admin@bizosaas.dev");
        await Assertions.Expect(small.GetByTestId("leads-coreldove")).ToHaveTextAsync(leads.ToString("N0", CultureInfo.InvariantCulture), Loaded);
        await Assertions.Expect(small.GetByTestId("chart-leads").Locator("svg text", new() { HasText = "CorelDove" })).ToBeVisibleAsync();
        await ScreenshotAsync(small, "admin-overview-phone");
        await small.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "admin-overview-phone-top.png") });
        await small.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        await Assertions.Expect(small.GetByRole(AriaRole.Link, new() { Name = "System health" })).ToBeVisibleAsync();
        await small.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "admin-navigation-phone.png") });
    }

    [Fact]
    public async Task A_tenant_is_suspended_reactivated_and_moved_to_another_plan_from_the_Tenants_page_and_each_change_is_audited()
    {
        using var adminApi = await platform.Tokens.ClientAsync("hub", "admin@bizosaas.dev");
        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Admin, "admin@bizosaas.dev");
        try
        {
            await page.GotoAsync(new Uri(Admin, "/tenants").ToString());
            await Assertions.Expect(page.GetByTestId("status-thrillring")).ToHaveAttributeAsync("data-status", "active", new() { Timeout = 30_000 });

            await page.GetByTestId("suspend-thrillring").ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Assertions.Expect(dialog).ToContainTextAsync("Suspend ThrillRing?");
            await ScreenshotAsync(page, "admin-tenant-suspend-confirm");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();

            await Assertions.Expect(page.GetByTestId("audit-entry")).ToContainTextAsync("ThrillRing: Active → Suspended", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("audit-entry")).ToContainTextAsync("admin@bizosaas.dev");
            await Assertions.Expect(page.GetByTestId("status-thrillring")).ToHaveAttributeAsync("data-status", "suspended", new() { Timeout = 30_000 });
            await ScreenshotAsync(page, "admin-tenant-suspended");
            using (var refused = await platform.Tokens.RequestTokenAsync("admin@thrillring.dev", PlatformTokens.Password))
            {
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            }

            await page.GetByTestId("reactivate-thrillring").ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("audit-entry")).ToContainTextAsync("ThrillRing: Suspended → Active", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("status-thrillring")).ToHaveAttributeAsync("data-status", "active", new() { Timeout = 30_000 });
            using (var allowed = await platform.Tokens.RequestTokenAsync("admin@thrillring.dev", PlatformTokens.Password))
            {
                Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            }

            await page.GetByTestId("plan-select-thrillring").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Enterprise" }).ClickAsync();
            await page.GetByTestId("change-plan-thrillring").ClickAsync();
            await Assertions.Expect(dialog).ToContainTextAsync("Move ThrillRing to Enterprise?");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Change plan" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("audit-entry")).ToContainTextAsync("ThrillRing: Professional → Enterprise", new() { Timeout = 30_000 });
            var thrillring = await adminApi.GetFromJsonAsync<JsonElement>("/api/brain/admin/platforms/thrillring/stats");
            Assert.Equal("enterprise", thrillring.GetProperty("planId").GetString());
            await ScreenshotAsync(page, "admin-tenant-plan-changed");
        }
        finally
        {
            await adminApi.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.ThrillRing}/status", new { status = "active" });
            await adminApi.PutAsJsonAsync($"/api/brain/tenant/{PlatformTokens.ThrillRing}/plan", new { planId = "professional" });
        }
    }

    [Fact]
    public async Task With_the_crm_down_the_console_shows_leads_as_unavailable_and_the_crm_unreachable()
    {
        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Admin, "admin@bizosaas.dev");
        await platform.StopAsync("crm");
        try
        {
            await page.GotoAsync(Admin.ToString());
            await Assertions.Expect(page.GetByTestId("kpi-leads")).ToHaveAttributeAsync("data-available", "false", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("kpi-leads-reason")).ToContainTextAsync("crm");
            await Assertions.Expect(page.GetByTestId("leads-coreldove")).ToHaveAttributeAsync("data-available", "false");
            await Assertions.Expect(page.GetByTestId("leads-coreldove")).ToHaveTextAsync("unavailable");
            await Assertions.Expect(page.GetByTestId("chart-leads-empty")).ToBeVisibleAsync();
            await ScreenshotAsync(page, "admin-overview-crm-down");

            await page.GetByRole(AriaRole.Link, new() { Name = "System health" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("system-status")).ToHaveTextAsync("Unhealthy", Loaded);
            await Assertions.Expect(page.GetByTestId("resource-crm")).ToHaveAttributeAsync("data-status", "Unreachable");
            await Assertions.Expect(page.GetByTestId("resource-commerce")).ToHaveAttributeAsync("data-status", "Healthy");
            await ScreenshotAsync(page, "admin-system-health-crm-down");
        }
        finally
        {
            await platform.StartAsync("crm");
        }
        await page.GetByTestId("refresh-health").ClickAsync();
        await Assertions.Expect(page.GetByTestId("system-status")).ToHaveTextAsync("Healthy", Loaded);
    }

    /// <summary>From the top of the page, so the fixed app bar is not drawn over the middle of a full-page shot.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserSession.ScreenshotAsync(page, name);
    }
}
