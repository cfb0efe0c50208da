using Microsoft.Playwright;

namespace BizOSaaS.BrowserTests;

/// <summary>The hub's API reference (Scalar) in Debian's Chromium: every service's document, as reached through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiReferenceTests(PlatformWithDashboardFixture platform) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private Uri Hub => platform.App.CreateHttpClient("hub").BaseAddress!;

    [Fact]
    public async Task The_hub_lists_every_service_and_shows_each_as_reached_through_the_gateway()
    {
        var page = await _browser.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.Contains("Failed to fetch", StringComparison.Ordinal))
            {
                blocked.Add(message.Text);
            }
        };

        await page.GotoAsync(new Uri(Hub, "/scalar/").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "BizOSaaS.Hub | v1" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var html = await (await page.APIRequest.GetAsync(new Uri(Hub, "/scalar/").ToString())).TextAsync();
        foreach (var service in new[] { "hub", "crm", "commerce", "directory" })
        {
            Assert.Contains($"/api/brain/{service}/openapi/v1.json", html);
        }
        await BrowserSession.ScreenshotAsync(page, "api-reference-hub");

        await page.GotoAsync(new Uri(Hub, "/scalar/crm").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "BizOSaaS.Crm | v1" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByText(new Uri(Hub, "/api/brain/crm").ToString().TrimEnd('/')).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Leads").First).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "api-reference-crm");

        Assert.Empty(blocked);
    }
}
