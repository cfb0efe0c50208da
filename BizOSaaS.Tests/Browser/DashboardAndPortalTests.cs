using BizOSaaS.Tests.Support;
using Microsoft.Playwright;

namespace BizOSaaS.Tests.Browser;

/// <summary>What a developer sees: the AppHost's dashboard, and the Portal and Admin home pages with live status.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardAndPortalTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task Dashboard_lists_every_resource_healthy_with_its_endpoints_and_logs()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(platform.App.DashboardUrl.ToString());

        foreach (var name in new[] { "postgres", "cache", "hubdb", "crmdb", "commercedb", "directorydb", "hub", "crm-0", "crm-1", "commerce", "directory", "portal", "admin" })
        {
            var row = page.Locator($"tr[data-resource='{name}']");
            await Assertions.Expect(row.Locator("[data-testid=state]")).ToHaveTextAsync("Running");
            await Assertions.Expect(row.Locator("[data-testid=health]")).ToHaveTextAsync("Healthy");
        }
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(13);
        // crm runs two replicas, a row each, each with its own endpoint.
        for (var replica = 0; replica < 2; replica++)
        {
            var crmEndpoint = platform.App.CreateHttpClient("crm", replica).BaseAddress!.ToString().TrimEnd('/');
            await Assertions.Expect(page.Locator($"tr[data-resource='crm-{replica}'] a[href^='http']")).ToHaveAttributeAsync("href", crmEndpoint);
        }
        await Assertions.Expect(page.GetByTestId("summary")).ToContainTextAsync("13 of 13 healthy");

        await page.Locator("a[data-logs='crm-0']").ClickAsync();
        await Assertions.Expect(page.GetByTestId("logs")).ToContainTextAsync("Now listening on");
        await BrowserSession.ScreenshotAsync(page, "dashboard");
    }

    [Theory]
    [InlineData("portal", "BizOSaaS Client Portal", "admin@coreldove.dev")]
    [InlineData("admin", "BizOSaaS Admin", "admin@bizosaas.dev")]
    public async Task Home_page_shows_the_live_status_fetched_from_the_hub(string app, string title, string email)
    {
        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, platform.App.CreateHttpClient(app).BaseAddress!, email);

        await Assertions.Expect(page.GetByTestId("app-title")).ToHaveTextAsync(title);
        await Assertions.Expect(page.GetByTestId("overall-status")).ToHaveTextAsync("Healthy", new() { Timeout = 20_000 });
        foreach (var service in new[] { "hub", "crm", "commerce", "directory" })
        {
            await Assertions.Expect(page.GetByTestId($"service-{service}-status")).ToHaveTextAsync("Healthy");
        }
        await Assertions.Expect(page.GetByTestId("check-crm-crmdb")).ToHaveAttributeAsync("data-status", "Healthy");
        await BrowserSession.ScreenshotAsync(page, $"{app}-home");
    }
}
