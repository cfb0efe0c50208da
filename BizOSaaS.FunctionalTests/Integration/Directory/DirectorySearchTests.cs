extern alias DirectoryContracts;

using System.Net;
using System.Net.Http.Json;
using DirectoryContracts::BizOSaaS.Directory.Contracts;
using static BizOSaaS.FunctionalTests.Integration.DirectoryTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// The public directory search through the gateway (<c>/api/brain/directory/public/search</c>): weighting, phrases, or,
/// exclusion, typos, autocomplete, every filter (opening hours judged in each listing's time zone), facets, distance,
/// snippets and paging. Each test publishes its own listings with a made-up word and searches for that word, so neither
/// the demo data nor another test's listings are ever in its results.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DirectorySearchTests(PlatformFixture platform)
{
    private readonly DirectoryTestClient _directory = new(platform);

    [Fact]
    public async Task A_word_in_the_name_ranks_above_one_in_the_tags_above_one_in_the_description()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        // Made in the reverse order, so the order found is not the order made.
        var inDescription = await CreatePublishedAsync(tenant, Listing("Garden Kitchen", $"Lunch, dinner and {word} on Sundays."));
        var inTags = await CreatePublishedAsync(tenant, Listing("Harbour Kitchen", "Lunch and dinner.", tags: [word]));
        var inName = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Kitchen", "Lunch and dinner."));

        Assert.Equal([inName.Id, inTags.Id, inDescription.Id], await FoundAsync(visitor, word));
    }

    [Fact]
    public async Task A_quoted_phrase_finds_the_words_side_by_side_only()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var together = await CreatePublishedAsync(tenant, Listing($"Ofen {word}", $"{word} bakes its bread in a wood fired oven."));
        var apart = await CreatePublishedAsync(tenant, Listing($"Herd {word}", $"{word}: the wood stove is fired up at dawn."));

        Assert.Equal([together.Id], await FoundAsync(visitor, $"\"wood fired\" {word}"));
        Assert.Equal(Sorted([together.Id, apart.Id]), Sorted(await FoundAsync(visitor, $"wood fired {word}")));
    }

    [Fact]
    public async Task Or_finds_either_word_and_a_minus_leaves_a_word_out()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var first = UniqueWord();
        var second = UniqueWord();
        var plain = await CreatePublishedAsync(tenant, Listing($"{Title(first)} Deli", "Fresh salads and soups."));
        var smoky = await CreatePublishedAsync(tenant, Listing($"{Title(first)} Grill", "Smoky ribs and brisket."));
        var other = await CreatePublishedAsync(tenant, Listing($"{Title(second)} Deli", "Fresh salads and soups."));

        Assert.Equal(Sorted([plain.Id, smoky.Id, other.Id]), Sorted(await FoundAsync(visitor, $"{first} OR {second}")));
        Assert.Equal([plain.Id], await FoundAsync(visitor, $"{first} -smoky"));
        Assert.Empty(await FoundAsync(visitor, $"{first} {second}"));
    }

    [Fact]
    public async Task A_word_with_a_letter_doubled_or_two_letters_swapped_is_corrected()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var listing = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Bistro", "Small plates and natural wine."));

        var exact = await SearchAsync(visitor, $"q={word}");
        Assert.Contains(exact.Hits, h => h.Id == listing.Id);
        Assert.Null(exact.CorrectedQuery);
        // UniqueWord never has a letter twice in a row, so the swap is a typo.
        foreach (var typo in new[] { word[..5] + word[4..], word[..4] + word[5] + word[4] + word[6..] })
        {
            var corrected = await SearchAsync(visitor, $"q={typo}");
            Assert.Contains(corrected.Hits, h => h.Id == listing.Id);
            Assert.Equal(word, corrected.CorrectedQuery, ignoreCase: true);
        }
    }

    [Fact]
    public async Task The_first_letters_of_a_name_suggest_the_listing()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var listing = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Bistro"));

        var suggestions = (await visitor.GetFromJsonAsync<List<DirectorySuggestion>>($"{Public}/suggest?q={word[..4]}&limit=20"))!;

        Assert.Contains(suggestions, s => s.Kind == "listing" && s.Text == listing.Name && s.ListingId == listing.Id);
    }

    [Fact]
    public async Task Category_and_city_filters_narrow_the_matches()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var pizza = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Pizza", categories: ["pizza"], city: "Lindenau"));
        var cafe = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Cafe", categories: ["cafes"], city: "Birkenfeld"));

        Assert.Equal([pizza.Id], await FoundAsync(visitor, word, "&category=pizza"));
        // A category takes in the categories under it: pizza places are restaurants.
        Assert.Equal([pizza.Id], await FoundAsync(visitor, word, "&category=restaurants"));
        Assert.Equal([cafe.Id], await FoundAsync(visitor, word, "&category=cafes"));
        Assert.Equal(Sorted([pizza.Id, cafe.Id]), Sorted(await FoundAsync(visitor, word, "&category=pizza&category=cafes")));
        Assert.Equal([cafe.Id], await FoundAsync(visitor, word, "&city=Birkenfeld"));
        Assert.Empty(await FoundAsync(visitor, word, "&city=Birkenfeld&category=pizza"));
    }

    [Fact]
    public async Task Min_rating_keeps_the_listings_their_reviews_rate_that_well()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var good = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Good"));
        var poor = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Poor"));
        foreach (var (listing, rating) in new[] { (good, 5), (good, 4), (poor, 2), (poor, 3) })
        {
            await ReviewAsync(visitor, listing.Id, rating);
        }

        Assert.Equal([good.Id], await FoundAsync(visitor, word, "&minRating=4"));
        Assert.Equal(Sorted([good.Id, poor.Id]), Sorted(await FoundAsync(visitor, word, "&minRating=2")));
        var result = await SearchAsync(visitor, $"q={word}");
        var hit = Assert.Single(result.Hits, h => h.Id == good.Id);
        Assert.Equal(4.5m, hit.Rating);
        Assert.Equal(2, hit.ReviewCount);
        Assert.Equal([("4", 1L), ("3", 1L), ("2", 2L), ("1", 2L)], result.Facets.Ratings.Select(r => (r.Value, r.Count)));
    }

    [Fact]
    public async Task A_listing_its_tenant_made_is_not_verified()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var listing = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Garage", categories: ["auto-repair"]));

        var hit = Assert.Single((await SearchAsync(visitor, $"q={word}")).Hits);
        Assert.Equal(listing.Id, hit.Id);
        Assert.False(hit.Verified);
        Assert.Equal(0, (await SearchAsync(visitor, $"q={word}&verified=true")).Total);
    }

    [Fact]
    public async Task Open_now_is_judged_in_each_listings_own_time_zone()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var tokyo = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Tokyo", city: "Tokyo", latitude: 35.6762, longitude: 139.6503,
            timeZone: "Asia/Tokyo", hours: Daily("09:00", "17:00")));
        var newYork = await CreatePublishedAsync(tenant, Listing($"{Title(word)} New York", city: "New York", latitude: 40.7128, longitude: -74.0060,
            timeZone: "America/New_York", hours: Daily("09:00", "17:00")));
        var unknownHours = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Somewhere"));

        // 03:00 UTC on Monday 7 December 2026: noon in Tokyo, 22:00 on Sunday in New York.
        Assert.Equal([tokyo.Id], await FoundAsync(visitor, word, $"&openNow=true&at={Instant("2026-12-07T03:00:00Z")}"));
        // 15:00 UTC: midnight in Tokyo, 10:00 in New York.
        Assert.Equal([newYork.Id], await FoundAsync(visitor, word, $"&openNow=true&at={Instant("2026-12-07T15:00:00Z")}"));
        var open = (await SearchAsync(visitor, $"q={word}&at={Instant("2026-12-07T03:00:00Z")}")).Hits.ToDictionary(h => h.Id, h => h.OpenNow);
        Assert.True(open[tokyo.Id]);
        Assert.False(open[newYork.Id]);
        Assert.Null(open[unknownHours.Id]);
    }

    [Fact]
    public async Task An_exception_decides_its_day_over_the_weekly_hours()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var listing = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Bakery", categories: ["bakeries"], hours: Daily("09:00", "17:00"),
            exceptions: [new(new DateOnly(2026, 12, 24), Closed: true), new(new DateOnly(2026, 12, 31), Opens: "10:00", Closes: "12:00")]));

        // Berlin is UTC+1 in December. Noon on the 23rd: the weekly hours.
        Assert.True((await PublicListingAsync(visitor, listing.Id, "2026-12-23T11:00:00Z")).OpenNow);
        Assert.Equal([listing.Id], await FoundAsync(visitor, word, $"&openNow=true&at={Instant("2026-12-23T11:00:00Z")}"));
        // Noon on the 24th: closed all day.
        Assert.False((await PublicListingAsync(visitor, listing.Id, "2026-12-24T11:00:00Z")).OpenNow);
        Assert.Empty(await FoundAsync(visitor, word, $"&openNow=true&at={Instant("2026-12-24T11:00:00Z")}"));
        // The 31st only 10:00–12:00: open at 11:00, closed at 13:30 though the week says until 17:00.
        Assert.True((await PublicListingAsync(visitor, listing.Id, "2026-12-31T10:00:00Z")).OpenNow);
        Assert.False((await PublicListingAsync(visitor, listing.Id, "2026-12-31T12:30:00Z")).OpenNow);
    }

    [Fact]
    public async Task An_opening_past_midnight_is_open_early_the_next_day()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var listing = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Bar", categories: ["bars"], hours: [new("fri", "18:00", "02:00")]));

        // Friday 4 December 2026 in Berlin (UTC+1): 17:30 and 18:30, then Saturday 01:00 and 03:00.
        Assert.False((await PublicListingAsync(visitor, listing.Id, "2026-12-04T16:30:00Z")).OpenNow);
        Assert.True((await PublicListingAsync(visitor, listing.Id, "2026-12-04T17:30:00Z")).OpenNow);
        Assert.True((await PublicListingAsync(visitor, listing.Id, "2026-12-05T00:00:00Z")).OpenNow);
        Assert.Equal([listing.Id], await FoundAsync(visitor, word, $"&openNow=true&at={Instant("2026-12-05T00:00:00Z")}"));
        Assert.False((await PublicListingAsync(visitor, listing.Id, "2026-12-05T02:00:00Z")).OpenNow);
    }

    [Fact]
    public async Task A_special_day_keeps_the_night_before_and_its_own_night_does_not_run_on()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        // Friday and Saturday nights until 02:00; closed on Saturday 19 December and on Christmas Day (a Friday) 2026.
        var listing = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Bar", categories: ["bars"],
            hours: [new("fri", "18:00", "02:00"), new("sat", "18:00", "02:00")],
            exceptions: [new(new DateOnly(2026, 12, 19), Closed: true), new(new DateOnly(2026, 12, 25), Closed: true)]));

        // Berlin is UTC+1. 01:00 on the closed Saturday: Friday night is still on.
        Assert.True((await PublicListingAsync(visitor, listing.Id, "2026-12-19T00:00:00Z")).OpenNow);
        Assert.Equal([listing.Id], await FoundAsync(visitor, word, $"&openNow=true&at={Instant("2026-12-19T00:00:00Z")}"));
        // 19:00 that Saturday: closed; and 01:00 on Sunday: no Saturday night to run on.
        Assert.False((await PublicListingAsync(visitor, listing.Id, "2026-12-19T18:00:00Z")).OpenNow);
        Assert.False((await PublicListingAsync(visitor, listing.Id, "2026-12-20T00:00:00Z")).OpenNow);
        Assert.Empty(await FoundAsync(visitor, word, $"&openNow=true&at={Instant("2026-12-20T00:00:00Z")}"));
        // 01:00 on Saturday 26th, after the closed Friday: closed; 19:00 that Saturday: the week's hours again.
        Assert.False((await PublicListingAsync(visitor, listing.Id, "2026-12-26T00:00:00Z")).OpenNow);
        Assert.True((await PublicListingAsync(visitor, listing.Id, "2026-12-26T18:00:00Z")).OpenNow);
    }

    [Fact]
    public async Task Category_counts_honour_the_city_filter_but_not_the_category_filter()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var pizzaHere = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Pizza Lindenau", categories: ["pizza"], city: "Lindenau"));
        await CreatePublishedAsync(tenant, Listing($"{Title(word)} Pizza Birkenfeld", categories: ["pizza"], city: "Birkenfeld"));
        await CreatePublishedAsync(tenant, Listing($"{Title(word)} Cafe Lindenau", categories: ["cafes"], city: "Lindenau"));

        var result = await SearchAsync(visitor, $"q={word}&city=Lindenau&category=pizza");

        Assert.Equal(1, result.Total);
        Assert.Equal([pizzaHere.Id], result.Hits.Select(h => h.Id));
        Assert.Equal([("cafes", 1L), ("pizza", 1L)], result.Facets.Categories.Select(c => (c.Value, c.Count)).Order());
        Assert.Equal([("Birkenfeld", 1L), ("Lindenau", 1L)], result.Facets.Cities.Select(c => (c.Value, c.Count)).Order());
        Assert.Equal(["4", "3", "2", "1"], result.Facets.Ratings.Select(r => r.Value));
    }

    [Fact]
    public async Task A_radius_leaves_out_the_far_listing_and_distance_orders_the_rest()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        // Made farthest first, so the order found is not the order made.
        var far = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Far", city: "Luzern", latitude: 47.3, longitude: 8.0));
        var middle = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Middle", city: "Luzern", latitude: 47.0, longitude: 8.05));
        var near = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Near", city: "Luzern", latitude: 47.01, longitude: 8.0));

        var within = await SearchAsync(visitor, $"q={word}&lat=47&lon=8&radiusKm=10&sort=distance");
        Assert.Equal([near.Id, middle.Id], within.Hits.Select(h => h.Id));
        var byDistance = await SearchAsync(visitor, $"q={word}&lat=47&lon=8&sort=distance");
        Assert.Equal([near.Id, middle.Id, far.Id], byDistance.Hits.Select(h => h.Id));
        foreach (var (hit, listing) in byDistance.Hits.Zip(new[] { near, middle, far }))
        {
            var expected = Haversine(47, 8, listing.Latitude, listing.Longitude);
            var tolerance = Math.Max(0.05, expected * 0.005);
            Assert.InRange(hit.DistanceKm!.Value, expected - tolerance, expected + tolerance);
        }
        Assert.All((await SearchAsync(visitor, $"q={word}")).Hits, h => Assert.Null(h.DistanceKm));
    }

    [Fact]
    public async Task A_snippet_highlights_the_word_searched()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var listing = await CreatePublishedAsync(tenant, Listing("Corner Bakery",
            $"Slow baked rye loaves, {word} pastries and coffee from the roastery in the old town.", categories: ["bakeries"]));

        var hit = Assert.Single((await SearchAsync(visitor, $"q={word}")).Hits);

        Assert.Equal(listing.Id, hit.Id);
        Assert.Contains(hit.Snippet, part => part.Highlighted && string.Equals(part.Text, word, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("pastries", string.Concat(hit.Snippet.Select(part => part.Text)));
    }

    [Fact]
    public async Task Pages_are_stable_and_together_are_the_whole_result()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        for (var i = 1; i <= 5; i++)
        {
            await CreatePublishedAsync(tenant, Listing($"{Title(word)} Kiosk {i}", "Newspapers and snacks."));
        }

        var whole = await SearchAsync(visitor, $"q={word}&pageSize=5");
        var paged = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await SearchAsync(visitor, $"q={word}&pageSize=2&page={page}");
            Assert.Equal((5L, page, 2), (result.Total, result.Page, result.PageSize));
            paged.AddRange(result.Hits.Select(h => h.Id));
        }

        Assert.Equal(5, paged.Distinct().Count());
        Assert.Equal(whole.Hits.Select(h => h.Id), paged);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("minRating=9", "minRating")]
    [InlineData("radiusKm=5", "radiusKm")]
    [InlineData("sort=distance", "sort")]
    public async Task Bad_search_input_is_400_naming_the_parameter(string query, string field)
    {
        using var visitor = _directory.Visitor();
        using var response = await visitor.GetAsync($"{Public}/search?q=pizza&{query}");
        await AssertFieldErrorAsync(response, field, $"GET search?q=pizza&{query}");
    }

    [Fact]
    public async Task The_same_search_asked_again_within_its_minute_shows_every_write_made_in_between()
    {
        // Searches about the present and suggestions are cached per minute (ADR 31); each write must make them stale on every
        // replica. (Should a minute end between two searches, the second is not from the cache and the test proves less.)
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var query = $"q={word}";
        async Task<List<string>> SuggestedAsync() =>
            [.. (await visitor.GetFromJsonAsync<List<DirectorySuggestion>>($"{Public}/suggest?q={word}"))!.Select(s => s.Text)];
        Assert.Equal(0, (await SearchAsync(visitor, query)).Total);
        Assert.Empty(await SuggestedAsync());

        var listing = await CreatePublishedAsync(tenant, Listing($"Corner {Title(word)}", "Coffee and cake."));
        Assert.Equal([listing.Id], (await SearchAsync(visitor, query)).Hits.Select(h => h.Id));
        Assert.Equal([$"Corner {Title(word)}"], await SuggestedAsync());

        await ReviewAsync(visitor, listing.Id, 5);
        var reviewed = (await SearchAsync(visitor, query)).Hits.Single();
        Assert.Equal((5m, 1), (reviewed.Rating, reviewed.ReviewCount));

        using (var renamed = await tenant.PutAsJsonAsync($"{Listings}/{listing.Id}", Listing($"Garden {Title(word)}", "Coffee and cake.")))
        {
            await ReadAsync<ListingResponse>(renamed, HttpStatusCode.OK, "PUT listing");
        }
        Assert.Equal($"Garden {Title(word)}", (await SearchAsync(visitor, query)).Hits.Single().Name);
        Assert.Equal([$"Garden {Title(word)}"], await SuggestedAsync());

        await PublishAsync(tenant, listing.Id, "unpublish");
        Assert.Equal(0, (await SearchAsync(visitor, query)).Total);
        Assert.Empty(await SuggestedAsync());
    }

    [Fact]
    public async Task Autocomplete_puts_names_that_start_with_the_text_first_then_the_most_reviewed_with_every_word_typed()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var starting = await CreatePublishedAsync(tenant, Listing($"{Title(word)} Corner"));
        var quiet = await CreatePublishedAsync(tenant, Listing($"Harbour {Title(word)} Garden"));
        var reviewed = await CreatePublishedAsync(tenant, Listing($"Meadow {Title(word)} Garden"));
        await ReviewAsync(visitor, reviewed.Id, 2);
        async Task<List<Guid?>> SuggestedAsync(string typed) =>
            [.. (await visitor.GetFromJsonAsync<List<DirectorySuggestion>>($"{Public}/suggest?q={Uri.EscapeDataString(typed)}&limit=20"))!
                .Where(s => s.Kind == "listing").Select(s => s.ListingId)];

        Assert.Equal([starting.Id, reviewed.Id, quiet.Id], await SuggestedAsync(word[..5]));
        // Every word typed starts a word of the name, in any order; what was typed is taken literally ("_" is no wildcard).
        Assert.Equal([reviewed.Id, quiet.Id], await SuggestedAsync($"gard {word[..5]}"));
        Assert.Equal([quiet.Id], await SuggestedAsync($"{word[..5]} harb"));
        Assert.Empty(await SuggestedAsync($"{word[..3]}_{word[4..6]}"));
    }

    [Fact]
    public async Task The_words_autocomplete_and_a_place_are_found_through_their_indexes()
    {
        using var tenant = await _directory.TenantAsync();
        var word = UniqueWord();
        await CreatePublishedAsync(tenant, Listing($"{Title(word)} Bistro"));

        using var admin = await _directory.AdminAsync("admin@coreldove.dev");
        var plan = string.Join("\n", (await admin.GetFromJsonAsync<List<string>>($"{Listings}/search-plan?preferIndexes=true&q={word}"))!);

        Assert.True(plan.Contains("ix_listing_search_document"), plan);
        Assert.True(plan.Contains("ix_directory_name_prefixes_order"), plan);
        Assert.True(plan.Contains("ix_listing_search_location"), plan);
        // (The spelling vocabulary of a test run is a few hundred words: the planner reads it whole, as it may.)
    }

    private static string Title(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string Instant(string instant) => Uri.EscapeDataString(instant);

    private static List<Guid> Sorted(IEnumerable<Guid> ids) => [.. ids.Order()];

    /// <summary>Great-circle distance in kilometres (mean Earth radius).</summary>
    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Radians(lat2 - lat1) / 2), 2)
            + (Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(Radians(lon2 - lon1) / 2), 2));
        return 2 * 6371.0088 * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
