extern alias DirectoryContracts;

using System.Net;
using System.Net.Http.Json;
using DirectoryContracts::BizOSaaS.Directory.Contracts;
using static BizOSaaS.FunctionalTests.Integration.DirectoryTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// A tenant's directory listings through the gateway (<c>/api/brain/directory/listings</c>): made as drafts with every
/// field, public (<c>/api/brain/directory/public/...</c>) only while published, invisible and untouchable for another
/// tenant, and bad input refused field by field with nothing written.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DirectoryListingsTests(PlatformFixture platform)
{
    private readonly DirectoryTestClient _directory = new(platform);

    [Fact]
    public async Task A_listing_is_made_as_a_draft_with_every_field_and_is_public_only_while_published()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var word = UniqueWord();
        var request = new ListingRequest(
            Name: $"Trattoria {word}",
            Description: $"Handmade pasta, {word} specials and a wood fired oven.",
            Categories: ["restaurants", "pizza"],
            Tags: ["pasta", "wood fired"],
            Address: "Karl-Liebknecht-Straße 12",
            City: "Leipzig",
            Region: "Saxony",
            PostalCode: "04107",
            Country: "DE",
            Latitude: 51.3301,
            Longitude: 12.3745,
            Phone: "+49 341 555 0101",
            Website: "https://trattoria.example/menu",
            TimeZone: "Europe/Berlin",
            Hours: [new("mon", "12:00", "14:30"), new("mon", "18:00", "22:00"), new("fri", "18:00", "02:00")],
            Exceptions: [new(new DateOnly(2026, 12, 24), Closed: true, Note: "Christmas Eve"), new(new DateOnly(2026, 12, 31), Opens: "12:00", Closes: "16:00")],
            PhotoUrls: ["https://images.example/trattoria/front.jpg", "https://images.example/trattoria/oven.jpg"],
            Claimed: true);

        var created = await CreateAsync(tenant, request);

        Assert.Equal(ListingStatuses.Draft, created.Status);
        Assert.Equal((request.Name, request.Description, request.Address, request.City, request.Region, request.PostalCode, request.Country),
            (created.Name, created.Description, created.Address, created.City, created.Region, created.PostalCode, created.Country));
        Assert.Equal((51.3301, 12.3745, request.Phone, request.Website, "Europe/Berlin"), (created.Latitude, created.Longitude, created.Phone, created.Website, created.TimeZone));
        Assert.Equal(["restaurants", "pizza"], created.Categories);
        Assert.Equal(["pasta", "wood fired"], created.Tags);
        Assert.Equal(request.Hours, created.Hours);
        Assert.Equal(request.PhotoUrls, created.PhotoUrls);
        Assert.Equal([new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 31)], created.Exceptions.Select(e => e.Date!.Value));
        Assert.True(created.Exceptions[0].Closed);
        Assert.Equal(("Christmas Eve", "12:00", "16:00"), (created.Exceptions[0].Note, created.Exceptions[1].Opens, created.Exceptions[1].Closes));
        Assert.True(created.Claimed);
        Assert.False(created.Verified);
        Assert.False(created.IsDemo);
        Assert.Null(created.Rating);
        Assert.Equal(0, created.ReviewCount);

        // A draft is the tenant's alone.
        await AssertNotPublicAsync(visitor, created.Id, word);
        Assert.Equal(created.Id, (await tenant.GetFromJsonAsync<ListingResponse>($"{Listings}/{created.Id}"))!.Id);

        var published = await PublishAsync(tenant, created.Id);
        Assert.Equal(ListingStatuses.Published, published.Status);
        var shown = await PublicListingAsync(visitor, created.Id);
        Assert.Equal((request.Name, "Leipzig", false, false), (shown.Name, shown.City, shown.Verified, shown.IsDemo));
        Assert.Equal(["restaurants", "pizza"], shown.Categories.Select(c => c.Slug));
        Assert.Equal([created.Id], await FoundAsync(visitor, word));

        // A change replaces the content and keeps the status.
        using (var renamed = await tenant.PutAsJsonAsync($"{Listings}/{created.Id}", request with { Name = $"Osteria {word}" }))
        {
            var changed = await ReadAsync<ListingResponse>(renamed, HttpStatusCode.OK, "PUT listing");
            Assert.Equal(($"Osteria {word}", ListingStatuses.Published), (changed.Name, changed.Status));
        }
        Assert.Equal($"Osteria {word}", (await PublicListingAsync(visitor, created.Id)).Name);

        var unpublished = await PublishAsync(tenant, created.Id, "unpublish");
        Assert.Equal(ListingStatuses.Draft, unpublished.Status);
        await AssertNotPublicAsync(visitor, created.Id, word);
    }

    [Fact]
    public async Task Another_tenant_can_neither_see_nor_change_a_listing()
    {
        using var tenant = await _directory.TenantAsync();
        using var other = await _directory.AdminAsync("admin@bizoholic.dev");
        var word = UniqueWord();
        var request = Listing($"Private Cafe {word}", categories: ["cafes"]);
        var listing = await CreatePublishedAsync(tenant, request);

        using (var read = await other.GetAsync($"{Listings}/{listing.Id}"))
        {
            await AssertProblemAsync(read, HttpStatusCode.NotFound, "GET by another tenant");
        }
        using (var changed = await other.PutAsJsonAsync($"{Listings}/{listing.Id}", request with { Name = "Taken over" }))
        {
            await AssertProblemAsync(changed, HttpStatusCode.NotFound, "PUT by another tenant");
        }
        foreach (var action in new[] { "publish", "unpublish" })
        {
            using var acted = await other.PostAsync($"{Listings}/{listing.Id}/{action}", null);
            await AssertProblemAsync(acted, HttpStatusCode.NotFound, $"{action} by another tenant");
        }
        using (var reviews = await other.GetAsync($"{Listings}/{listing.Id}/reviews"))
        {
            await AssertProblemAsync(reviews, HttpStatusCode.NotFound, "reviews by another tenant");
        }
        using (var deleted = await other.DeleteAsync($"{Listings}/{listing.Id}"))
        {
            await AssertProblemAsync(deleted, HttpStatusCode.NotFound, "DELETE by another tenant");
        }
        Assert.DoesNotContain((await other.GetFromJsonAsync<List<ListingResponse>>($"{Listings}?limit=500"))!, l => l.Id == listing.Id);

        // Untouched for its own tenant, which may delete it.
        var mine = (await tenant.GetFromJsonAsync<ListingResponse>($"{Listings}/{listing.Id}"))!;
        Assert.Equal((request.Name, ListingStatuses.Published), (mine.Name, mine.Status));
        using (var deleted = await tenant.DeleteAsync($"{Listings}/{listing.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        using (var gone = await tenant.GetAsync($"{Listings}/{listing.Id}"))
        {
            await AssertProblemAsync(gone, HttpStatusCode.NotFound, "GET after DELETE");
        }
    }

    [Fact]
    public async Task Bad_input_is_400_naming_the_field_and_writes_nothing()
    {
        using var tenant = await _directory.TenantAsync();
        var valid = Listing($"Valid {UniqueWord()}", hours: Daily("09:00", "17:00"));
        var drafts = await CountAsync(tenant);
        var cases = new (string Field, ListingRequest Request)[]
        {
            ("name", valid with { Name = null }),
            ("latitude", valid with { Latitude = 200 }),
            ("categories", valid with { Categories = ["space-travel"] }),
            ("categories", valid with { Categories = ["restaurants", "pizza", "cafes", "bakeries", "bars", "hotels"] }),
            ("timeZone", valid with { TimeZone = "Mars/Base" }),
            ("hours[0].opens", valid with { Hours = [new("mon", "25:00", "17:00")] }),
            ("photoUrls[0]", valid with { PhotoUrls = ["ftp://x"] }),
            ("exceptions[0].date", valid with { Exceptions = [new(null, Closed: true)] }),
        };
        foreach (var (field, request) in cases)
        {
            using var response = await tenant.PostAsJsonAsync(Listings, request);
            await AssertFieldErrorAsync(response, field, $"POST with a bad {field}");
        }
        Assert.Equal(drafts, await CountAsync(tenant));
    }

    private static async Task AssertNotPublicAsync(HttpClient visitor, Guid id, string word)
    {
        using var response = await visitor.GetAsync($"{Public}/listings/{id}");
        await AssertProblemAsync(response, HttpStatusCode.NotFound, "GET public listing");
        Assert.DoesNotContain(id, await FoundAsync(visitor, word));
    }

    private static async Task<int> CountAsync(HttpClient tenant) =>
        (await tenant.GetFromJsonAsync<List<ListingResponse>>($"{Listings}?status=draft&limit=500"))!.Count;
}
