using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace BizOSaaS.BrowserTests;

/// <summary>The Portal's CRM pages in Debian's Chromium, against the real platform: a tenant admin creates a lead,
/// reads its score and why, logs an activity and sees the score move, imports a CSV with a bad row and reads the
/// report; every main page is saved as a screenshot.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class PortalCrmTests(PlatformWithDashboardFixture platform) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private Uri Portal => platform.App.CreateHttpClient("portal").BaseAddress!;

    private string Url(string path) => Portal.ToString().TrimEnd('/') + path;

    [Fact]
    public async Task A_tenant_admin_creates_a_lead_reads_its_score_and_why_and_an_activity_moves_the_score()
    {
        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Portal, "admin@coreldove.dev");
        await Assertions.Expect(page.GetByTestId("kpi-leads-value")).Not.ToBeEmptyAsync(new() { Timeout = 20_000 });
        await BrowserSession.ScreenshotAsync(page, "portal-dashboard");

        await page.GotoAsync(Url("/crm/leads/new"));
        await WaitForCircuitAsync(page);
        // The server's field errors are shown beside the fields.
        await page.Locator("#lead-name").FillAsync("Browser Lead");
        await page.Locator("#lead-email").FillAsync("not-an-email");
        await page.GetByTestId("save-lead").ClickAsync();
        await Assertions.Expect(page.GetByText("email must be a valid email address.")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "portal-lead-form-errors");

        var email = $"browser-{Guid.NewGuid():N}@browser-co.example";
        await page.Locator("#lead-email").FillAsync(email);
        await page.Locator("#lead-company").FillAsync("Browser Co");
        await page.Locator("#lead-job-title").FillAsync("Head of Sales");
        await page.Locator("#lead-industry").FillAsync("Retail");
        await page.Locator("#lead-company-size").FillAsync("120");
        await page.GetByTestId("save-lead").ClickAsync();

        await page.WaitForURLAsync(LeadPage(), new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("lead-name")).ToHaveTextAsync("Browser Lead");
        await Assertions.Expect(page.GetByTestId("lead-score")).ToHaveTextAsync("51");
        await Assertions.Expect(page.GetByTestId("factor-seniority")).ToContainTextAsync("director or VP");
        await Assertions.Expect(page.GetByTestId("factor-email_domain")).ToContainTextAsync("business domain");

        await WaitForCircuitAsync(page);
        await BrowserSession.ChooseAsync(page, "activity-kind", "meeting");
        await page.GetByTestId("activity-subject").FillAsync("Discovery meeting");
        await page.GetByTestId("log-activity").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lead-score")).ToHaveTextAsync("61", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("factor-activity_meeting")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("activities")).ToContainTextAsync("Discovery meeting");
        await Assertions.Expect(page.GetByTestId("lead-status")).ToHaveTextAsync("Contacted");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("Meeting logged");
        await BrowserSession.ScreenshotAsync(page, "portal-lead-detail");

        // The list finds it by search.
        await page.GotoAsync(Url("/crm/leads"));
        await WaitForCircuitAsync(page);
        await SearchAsync(page, "browser co", "1 lead");
        await Assertions.Expect(page.GetByTestId("lead-link")).ToHaveTextAsync("Browser Lead");
        await BrowserSession.ScreenshotAsync(page, "portal-leads");
    }

    [Fact]
    public async Task Importing_a_csv_with_a_bad_row_shows_what_went_in_and_which_row_was_refused_and_why()
    {
        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Portal, "admin@coreldove.dev");
        await page.GotoAsync(Url("/crm/leads/import"));
        await WaitForCircuitAsync(page);
        var u = Guid.NewGuid().ToString("N")[..8];
        var file = Path.Combine(Path.GetTempPath(), $"leads-{u}.csv");
        await File.WriteAllTextAsync(file, $"Full name,E-mail,Company\nGood One,good1-{u}@import.example,Import Co\nBad Row,not-an-email,Import Co\nGood Two,good2-{u}@import.example,Import Co\n");
        await page.Locator("#map-name").FillAsync("Full name");
        await page.Locator("#map-email").FillAsync("E-mail");
        // Blazor's InputFile listens for a chosen file only once its script has initialised the input (after the first
        // render, in an interop call of its own); a file set before that is never seen.
        await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");
        await page.Locator("input[type=file]").SetInputFilesAsync(file);

        await Assertions.Expect(page.GetByTestId("import-report")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("report-created")).ToHaveTextAsync("2");
        await Assertions.Expect(page.GetByTestId("report-failed")).ToHaveTextAsync("1");
        var error = page.GetByTestId("import-errors").Locator("tbody tr");
        await Assertions.Expect(error).ToHaveCountAsync(1);
        await Assertions.Expect(error).ToContainTextAsync("3");
        await Assertions.Expect(error).ToContainTextAsync("email must be a valid email address.");
        await BrowserSession.ScreenshotAsync(page, "portal-import-report");
        File.Delete(file);
    }

    [Fact]
    public async Task Tenant_admins_see_their_team_and_audit_log_and_members_do_not()
    {
        var admin = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(admin, Portal, "admin@coreldove.dev");
        await admin.GotoAsync(Url("/team"));
        await Assertions.Expect(admin.GetByTestId("members")).ToContainTextAsync("member@coreldove.dev", new() { Timeout = 20_000 });
        await Assertions.Expect(admin.GetByTestId("plan-limits")).ToContainTextAsync("Enterprise");
        await BrowserSession.ScreenshotAsync(admin, "portal-team");
        await admin.GotoAsync(Url("/audit"));
        await Assertions.Expect(admin.GetByTestId("audit-events")).ToContainTextAsync("sign_in.succeeded", new() { Timeout = 20_000 });
        await BrowserSession.ScreenshotAsync(admin, "portal-audit");

        var member = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(member, Portal, "member@coreldove.dev");
        await Assertions.Expect(member.GetByRole(AriaRole.Link, new() { Name = "Team" })).ToHaveCountAsync(0);
        await member.GotoAsync(Url("/team"));
        await Assertions.Expect(member.GetByTestId("team-error")).ToContainTextAsync("Only your tenant's admins", new() { Timeout = 20_000 });
    }

    /// <summary>Interactive pages are prerendered first; inputs work once the circuit has connected.</summary>
    internal static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-testid=circuit][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 20_000 });

    /// <summary>Types into the lead list's search, again if the first keystrokes went to a circuit still starting.</summary>
    private static async Task SearchAsync(IPage page, string text, string total)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByTestId("lead-search").FillAsync("");
            await page.GetByTestId("lead-search").FillAsync(text);
            try
            {
                await Assertions.Expect(page.GetByTestId("leads-total")).ToHaveTextAsync(total, new() { Timeout = 10_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    [GeneratedRegex(@"/crm/leads/[0-9a-f-]{36}$")]
    private static partial Regex LeadPage();
}
