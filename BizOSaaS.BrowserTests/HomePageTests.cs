using Microsoft.Playwright;

namespace BizOSaaS.BrowserTests;

/// <summary>What a signed-in person sees first: the Portal and Admin home pages with the platform's live status.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HomePageTests(PlatformWithDashboardFixture platform) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

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
