using Microsoft.Playwright;

namespace BizOSaaS.TestSupport;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download does not work here). Screenshots land
/// in TestResults/screenshots for a person to look at.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } =
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing; install it with: sudo apt-get install -y chromium");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>Opens <paramref name="appAddress"/>, which sends the browser to the hub's sign-in page, signs in there
    /// as <paramref name="email"/>, and waits to be back in the app.</summary>
    public static async Task SignInAsync(IPage page, Uri appAddress, string email, string password = PlatformTokens.Password)
    {
        await page.GotoAsync(appAddress.ToString());
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(appAddress.ToString().TrimEnd('/')), new() { Timeout = 20_000 });
    }

    /// <summary>
    /// Picks an option of a MudSelect and checks it took (the select shows it): a click that lands while the list is
    /// still opening is lost, and the form would then be sent with the old value. MudSelect puts the test id on its input.
    /// </summary>
    public static async Task ChooseAsync(IPage page, string testId, string option)
    {
        var select = page.GetByTestId(testId);
        for (var attempt = 1; ; attempt++)
        {
            if (await select.GetAttributeAsync("aria-expanded") != "true")
            {
                await select.ClickAsync();
            }
            await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
            for (var check = 0; check < 30; check++)
            {
                if (await select.EvaluateAsync<string>("e => (e.value ?? e.textContent ?? '').trim()") == option)
                {
                    return;
                }
                await Task.Delay(100);
            }
            if (attempt == 3)
            {
                throw new PlaywrightException($"The select {testId} does not show {option} after {attempt} tries.");
            }
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
