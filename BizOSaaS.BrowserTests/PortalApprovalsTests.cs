using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace BizOSaaS.BrowserTests;

/// <summary>The Portal's approval queue in Debian's Chromium: a request a member proposed is approved by the tenant
/// admin in one browser, and leaves the queue of a second browser watching it, without a reload.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalApprovalsTests(PlatformWithDashboardFixture platform) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private Uri Portal => platform.App.CreateHttpClient("portal").BaseAddress!;

    [Fact]
    public async Task A_request_approved_by_someone_other_than_its_requester_leaves_the_queue_live_in_a_second_browser()
    {
        var title = $"Publish the winter campaign {Guid.NewGuid():N}"[..40];
        using var member = await platform.Tokens.ClientAsync("hub", "member@coreldove.dev");
        using var created = await member.PostAsJsonAsync("/api/brain/hitl/requests", new
        {
            type = "content_generation",
            priority = "high",
            title,
            summary = "Three posts and a landing page, drafted by the content agent.",
            payload = new { channel = "blog", words = 1200, audience = "returning customers" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var watcher = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(watcher, Portal, "member@coreldove.dev");
        await watcher.GotoAsync(Portal.ToString().TrimEnd('/') + "/approvals");
        var watchedCard = watcher.Locator($"[data-request='{id}']");
        await Assertions.Expect(watchedCard).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(watcher.GetByTestId("live-status")).ToHaveTextAsync("Live", new() { Timeout = 20_000 });

        // The member asked for it, so the member cannot approve it: the queue says why and keeps it.
        await watchedCard.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(watcher.Locator(".mud-snackbar")).ToContainTextAsync("requested", new() { Timeout = 20_000 });
        await Assertions.Expect(watchedCard).ToBeVisibleAsync();

        var admin = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(admin, Portal, "admin@coreldove.dev");
        await admin.GotoAsync(Portal.ToString().TrimEnd('/') + "/approvals");
        var card = admin.Locator($"[data-request='{id}']");
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(card).ToContainTextAsync("returning customers");
        await Assertions.Expect(card.GetByTestId("priority")).ToHaveTextAsync("high");
        await Assertions.Expect(admin.GetByTestId("live-status")).ToHaveTextAsync("Live", new() { Timeout = 20_000 });
        await BrowserSession.ScreenshotAsync(admin, "portal-approvals");

        await card.GetByTestId("comment").FillAsync("Good to go.");
        await card.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        // The second browser was told by the hub and dropped the card by itself.
        await Assertions.Expect(watchedCard).ToHaveCountAsync(0, new() { Timeout = 20_000 });

        using var hub = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        var detail = await hub.GetFromJsonAsync<JsonElement>($"/api/brain/hitl/requests/{id}");
        Assert.Equal("approved", detail.GetProperty("request").GetProperty("status").GetString());
        Assert.Equal("Good to go.", detail.GetProperty("request").GetProperty("decisionComment").GetString());

        await admin.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("history")).ToContainTextAsync(title, new() { Timeout = 20_000 });
        await BrowserSession.ScreenshotAsync(admin, "portal-approvals-history");
    }
}
