using Microsoft.Playwright;

namespace BizOSaaS.BrowserTests;

/// <summary>Signing in through the hub from the web apps, in Debian's Chromium.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SignInTests(PlatformWithDashboardFixture platform) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private Uri Portal => platform.App.CreateHttpClient("portal").BaseAddress!;

    private Uri Admin => platform.App.CreateHttpClient("admin").BaseAddress!;

    [Fact]
    public async Task A_person_in_two_tenants_signs_in_to_CorelDove_and_switches_to_Bizoholic()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "BizOSaaS" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "hub-sign-in");

        await BrowserSession.SignInAsync(page, Portal, "multi@bizosaas.dev");

        await Assertions.Expect(page.GetByTestId("current-tenant")).ToHaveTextAsync("CorelDove");
        await Assertions.Expect(page.GetByTestId("workspace-name")).ToHaveTextAsync("CorelDove", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("workspace-plan")).ToHaveTextAsync("Enterprise");
        await BrowserSession.ScreenshotAsync(page, "portal-coreldove");

        await page.Locator("#tenant-switcher").SelectOptionAsync(new SelectOptionValue { Label = "Bizoholic" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("current-tenant")).ToHaveTextAsync("Bizoholic", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("workspace-name")).ToHaveTextAsync("Bizoholic", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("workspace-plan")).ToHaveTextAsync("Professional");
        await BrowserSession.ScreenshotAsync(page, "portal-bizoholic");
    }

    [Fact]
    public async Task A_wrong_password_is_answered_on_the_sign_in_page()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await page.Locator("#email").FillAsync("member@coreldove.dev");
        await page.Locator("#password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        await BrowserSession.ScreenshotAsync(page, "hub-sign-in-error");
    }

    [Fact]
    public async Task A_member_cannot_open_Admin_and_a_platform_admin_can()
    {
        var member = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(member, Admin, "member@coreldove.dev");
        await Assertions.Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await Assertions.Expect(member.GetByTestId("overall-status")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(member, "admin-access-denied");

        var admin = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(admin, Admin, "admin@bizosaas.dev");
        await Assertions.Expect(admin.GetByTestId("app-title")).ToHaveTextAsync("BizOSaaS Admin");
        await Assertions.Expect(admin.GetByTestId("signed-in-user")).ToHaveTextAsync("Platform Admin");
    }
}
