using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace BizOSaaS.BrowserTests;

/// <summary>The public business directory in Debian's Chromium, against the real platform and its demo listings: a visitor
/// without an account gets suggestions while typing, searches, narrows the results by a category, opens the first pizza
/// place found and reviews it; the review is shown and counted at once. An unknown listing is a 404 page.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DirectoryTests(PlatformWithDashboardFixture platform) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private Uri Portal => platform.App.CreateHttpClient("portal").BaseAddress!;

    [Fact]
    public async Task A_visitor_searches_the_directory_with_suggestions_and_a_facet_and_reviews_the_first_pizza_place()
    {
        var page = await _browser.NewPageAsync();
        var opened = await page.GotoAsync(new Uri(Portal, "/directory").ToString());
        Assert.Equal(200, opened!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Find a local business" })).ToBeVisibleAsync();
        // Public and static: no sign-in, no staff navigation, no circuit.
        await Assertions.Expect(page.GetByTestId("circuit")).ToHaveCountAsync(0);

        // Suggestions while typing (the box waits 150 ms after the last key, and asks from the second letter on).
        var box = page.GetByTestId("directory-search");
        await box.PressSequentiallyAsync("pizz", new() { Delay = 80 });
        await Assertions.Expect(page.GetByTestId("directory-suggestion").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("directory-suggestions")).ToContainTextAsync("pizz", new() { IgnoreCase = true });
        await BrowserSession.ScreenshotAsync(page, "directory-suggestions");

        // The search as typed: results with their count, the first of them is the place to review.
        await box.FillAsync("pizza");
        await box.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("q=pizza", StringComparison.Ordinal), new() { Timeout = 20_000 });
        var results = page.GetByTestId("directory-result");
        await Assertions.Expect(results.First).ToBeVisibleAsync();
        var total = await TotalAsync(page);
        Assert.True(total > 0, "The demo listings have pizza places.");
        var searchUrl = page.Url;
        var name = (await results.First.GetByTestId("result-name").InnerTextAsync()).Trim();
        await BrowserSession.ScreenshotAsync(page, "directory-search-pizza");

        // A category facet narrows the results to its count; when every pizza place is in every category shown, the whole
        // directory is narrowed instead.
        var facet = await NarrowerFacetAsync(page, total);
        if (facet is null)
        {
            await page.GotoAsync(new Uri(Portal, "/directory").ToString());
            await Assertions.Expect(results.First).ToBeVisibleAsync();
            total = await TotalAsync(page);
            facet = await NarrowerFacetAsync(page, total);
        }
        if (facet is not { } narrower)
        {
            Assert.Fail("No category facet narrows the directory's results.");
            return;
        }
        var (category, count) = narrower;
        var chosen = page.Locator($"[data-testid=\"facet-category\"][data-value=\"{category}\"]");
        await chosen.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"category={Uri.EscapeDataString(category)}", StringComparison.Ordinal), new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("result-count")).ToHaveAttributeAsync("data-total", count.ToString(CultureInfo.InvariantCulture));
        Assert.NotEqual(total, await TotalAsync(page));
        await Assertions.Expect(chosen).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(results).ToHaveCountAsync((int)Math.Min(count, 20));
        await BrowserSession.ScreenshotAsync(page, "directory-facet");

        // The first pizza place: its page with hours and rating.
        await page.GotoAsync(searchUrl);
        await results.First.GetByTestId("result-name").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/directory/listings/", StringComparison.Ordinal), new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("open-now")).ToHaveTextAsync(new Regex("^(Open now|Closed now|Opening hours are not known\\.)$"));
        var reviewsBefore = ReviewCount(await page.GetByTestId("rating-summary").InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "directory-listing");

        // A review: five stars, shown first and counted at once; this browser may change it afterwards.
        var text = $"Crisp crust, friendly staff, quick service. {Guid.NewGuid():N}";
        await page.GetByTestId("review-rating").SelectOptionAsync("5");
        await page.GetByTestId("review-text-input").FillAsync(text);
        await page.GetByTestId("review-name-input").FillAsync("Robin Reviewer");
        await page.GetByTestId("review-email-input").FillAsync($"reviewer-{Guid.NewGuid():N}"[..24] + "@example.com");
        await BrowserSession.ScreenshotAsync(page, "directory-review-form");
        await page.GetByTestId("post-review").ClickAsync();

        await Assertions.Expect(page.GetByTestId("review-thanks")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("rating-summary")).ToHaveTextAsync(new Regex($"· {reviewsBefore + 1} reviews?$"));
        var posted = page.GetByTestId("review").Filter(new() { HasText = text });
        await Assertions.Expect(posted).ToHaveCountAsync(1);
        await Assertions.Expect(posted.GetByTestId("review-name")).ToHaveTextAsync("Robin Reviewer");
        await Assertions.Expect(posted.Locator("[aria-label=\"Rated 5 of 5\"]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("edit-review")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "directory-review-posted");
    }

    [Fact]
    public async Task An_unknown_listing_is_a_404_page()
    {
        var page = await _browser.NewPageAsync();
        var response = await page.GotoAsync(new Uri(Portal, $"/directory/listings/{Guid.NewGuid()}").ToString());
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This business is not in the directory");
    }

    [Fact]
    public async Task A_tenant_adds_a_listing_publishes_it_and_keeps_one_reported_review_and_removes_another()
    {
        var name = $"Kiosk {Guid.NewGuid():N}"[..18];
        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Portal, "admin@thrillring.dev");
        await Assertions.Expect(page.GetByTestId("circuit")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Directory", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Directory listings" })).ToBeVisibleAsync();

        // A listing with a bad field is refused beside the field and nothing is added; fixed, it is added as a draft.
        await page.GetByTestId("new-listing").ClickAsync();
        await page.Locator("#listing-name").FillAsync(name);
        await page.Locator("#listing-description").FillAsync("Newspapers, coffee to go and lottery tickets by the station.");
        // A multiple choice stays open after a pick; a click on it (landing on its overlay) closes it.
        await BrowserSession.ChooseAsync(page, "listing-categories", "Cafés");
        var categories = page.GetByTestId("listing-categories");
        await categories.ClickAsync(new() { Force = true });
        await Assertions.Expect(categories).Not.ToHaveAttributeAsync("aria-expanded", "true");
        await page.Locator("#listing-address").FillAsync("Bahnhofplatz 1");
        await page.Locator("#listing-city").FillAsync("Kassel");
        await page.Locator("#listing-country").FillAsync("DE");
        await page.Locator("#listing-latitude").FillAsync("51.3180");
        await page.Locator("#listing-longitude").FillAsync("9.4896");
        await page.Locator("#listing-time-zone").FillAsync("Europe/Nowhere");
        await page.Locator("#hours-0-opens").FillAsync("06:00");
        await page.Locator("#hours-0-closes").FillAsync("20:00");
        await page.GetByTestId("save-listing").ClickAsync();
        await Assertions.Expect(page.GetByTestId("listing-form")).ToContainTextAsync("must be an IANA time zone", new() { Timeout = 20_000 });
        await BrowserSession.ScreenshotAsync(page, "directory-listing-form-error");
        await page.Locator("#listing-time-zone").FillAsync("Europe/Berlin");
        await page.GetByTestId("save-listing").ClickAsync();
        var row = page.GetByTestId("listings-table").Locator("tr", new() { HasText = name });
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(row).ToContainTextAsync("Draft");

        // Published, it has a public page; reviews arrive there and two are reported.
        await row.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Published", new() { Timeout = 20_000 });
        await BrowserSession.ScreenshotAsync(page, "directory-listings");
        var href = await row.GetByRole(AriaRole.Link, new() { Name = "Public page" }).GetAttributeAsync("href");
        var id = Guid.Parse(href!.Split('/')[^1]);
        using var visitor = platform.App.CreateHttpClient("hub");
        async Task<Guid> ReviewAsync(int rating, string text)
        {
            using var posted = await visitor.PostAsJsonAsync($"/api/brain/directory/public/listings/{id}/reviews",
                new { rating, text, name = "Visitor", email = $"v-{Guid.NewGuid():N}"[..16] + "@example.com" });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            return (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("review").GetProperty("id").GetGuid();
        }
        await ReviewAsync(5, "Best coffee at the station, always friendly.");
        var fair = await ReviewAsync(4, "Good coffee, short queue in the morning.");
        var spam = await ReviewAsync(1, "Cheap watches at example dot com, click now!!!");
        foreach (var reported in new[] { fair, spam })
        {
            using var report = await visitor.PostAsJsonAsync($"/api/brain/directory/public/listings/{id}/reviews/{reported}/reports", new { reason = "Looks like spam" });
            Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        }

        // The tenant keeps the fair review and removes the spam: two reviews count, averaging 4.50.
        await row.GetByRole(AriaRole.Link, new() { Name = "Reviews" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("reported-count")).ToHaveTextAsync("2", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("listing-rating")).ToContainTextAsync("1 review");
        await page.GetByTestId($"keep-{fair}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"review-status-{fair}")).ToHaveTextAsync("Visible", new() { Timeout = 20_000 });
        await page.GetByTestId($"remove-{spam}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"review-status-{spam}")).ToHaveTextAsync("Removed", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("reported-count")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("listing-rating")).ToContainTextAsync("4.50");
        await Assertions.Expect(page.GetByTestId("listing-rating")).ToContainTextAsync("2 reviews");
        await BrowserSession.ScreenshotAsync(page, "directory-listing-reviews");

        var publicPage = await _browser.NewPageAsync();
        await publicPage.GotoAsync(new Uri(Portal, href).ToString());
        await Assertions.Expect(publicPage.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(publicPage.GetByTestId("rating-summary")).ToContainTextAsync("2 reviews");
        await Assertions.Expect(publicPage.GetByTestId("review")).ToHaveCountAsync(2);
    }

    /// <summary>The results' total as the page states it.</summary>
    private static async Task<long> TotalAsync(IPage page) =>
        long.Parse(await page.GetByTestId("result-count").GetAttributeAsync("data-total") ?? "0", CultureInfo.InvariantCulture);

    /// <summary>A category facet not chosen yet that leaves some results but fewer than <paramref name="total"/>: its slug and count.</summary>
    private static async Task<(string Category, long Count)?> NarrowerFacetAsync(IPage page, long total)
    {
        foreach (var facet in await page.GetByTestId("facet-category").AllAsync())
        {
            var count = long.Parse(await facet.GetAttributeAsync("data-count") ?? "0", CultureInfo.InvariantCulture);
            if (count > 0 && count < total && await facet.GetAttributeAsync("aria-current") is null
                && await facet.GetAttributeAsync("data-value") is { Length: > 0 } category)
            {
                return (category, count);
            }
        }
        return null;
    }

    /// <summary>The count in the rating summary: "4.50 · 2 reviews" → 2.</summary>
    private static int ReviewCount(string summary) =>
        int.Parse(Regex.Match(summary, @"(\d+) reviews?").Groups[1].Value, CultureInfo.InvariantCulture);
}
