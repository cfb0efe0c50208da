extern alias DirectoryContracts;

using System.Net;
using System.Net.Http.Json;
using DirectoryContracts::BizOSaaS.Directory.Contracts;
using static BizOSaaS.FunctionalTests.Integration.DirectoryTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// Reviews of published listings through the gateway: one per e-mail per listing, edited only with the key its posting
/// answered with, hidden when reported until the listing's tenant keeps or removes it (and only that tenant may), the
/// listing's rating exactly the average of its visible reviews however many arrive at once, and bad input refused with
/// nothing written.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DirectoryReviewsTests(PlatformFixture platform)
{
    private readonly DirectoryTestClient _directory = new(platform);

    [Fact]
    public async Task One_review_per_email_per_listing_and_only_its_key_edits_it()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var listing = await CreatePublishedAsync(tenant, Listing($"Review Cafe {UniqueWord()}", categories: ["cafes"]));
        var email = $"once-{Guid.NewGuid():N}@example.com";

        var posted = await ReviewAsync(visitor, listing.Id, 2, email);
        Assert.Equal((ReviewStatuses.Visible, 2, listing.Id), (posted.Review.Status, posted.Review.Rating, posted.Review.ListingId));
        Assert.False(string.IsNullOrWhiteSpace(posted.EditKey));
        using (var again = await visitor.PostAsJsonAsync($"{Public}/listings/{listing.Id}/reviews", new ReviewRequest(5, "Changed my mind.", "Same Person", email)))
        {
            await AssertProblemAsync(again, HttpStatusCode.Conflict, "a second review by the same e-mail");
        }

        var path = $"{Public}/listings/{listing.Id}/reviews/{posted.Review.Id}";
        using (var wrongKey = await visitor.PutAsJsonAsync(path, new ReviewEditRequest(1, "Someone else's words.", "not-the-key")))
        {
            await AssertProblemAsync(wrongKey, HttpStatusCode.Forbidden, "an edit with a wrong key");
        }
        using (var edit = await visitor.PutAsJsonAsync(path, new ReviewEditRequest(4, "Better on a second visit.", posted.EditKey)))
        {
            var edited = await ReadAsync<ReviewResponse>(edit, HttpStatusCode.OK, "an edit with the key");
            Assert.Equal((4, "Better on a second visit."), (edited.Rating, edited.Text));
            Assert.NotNull(edited.EditedAt);
        }

        var shown = await PublicListingAsync(visitor, listing.Id);
        Assert.Equal(4m, shown.Rating);
        Assert.Equal(1, shown.ReviewCount);
    }

    [Fact]
    public async Task A_report_hides_a_review_until_the_tenant_keeps_or_removes_it()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var listing = await CreatePublishedAsync(tenant, Listing($"Reported Bar {UniqueWord()}", categories: ["bars"]));
        var kept = (await ReviewAsync(visitor, listing.Id, 5)).Review;
        var removed = (await ReviewAsync(visitor, listing.Id, 1)).Review;
        await ReviewAsync(visitor, listing.Id, 3);

        // Reported: hidden and not counted.
        await ReportAsync(visitor, listing.Id, kept.Id);
        Assert.DoesNotContain(await PublicReviewsAsync(visitor, listing.Id), r => r.Id == kept.Id);
        await AssertRatingAsync(visitor, listing.Id, 2.00m, 2);
        var reported = Assert.Single(await TenantReviewsAsync(tenant, listing.Id), r => r.Id == kept.Id);
        Assert.Equal((ReviewStatuses.Reported, 1), (reported.Status, reported.Reports));

        // Kept: shown again, and a later report no longer hides it.
        Assert.Equal(ReviewStatuses.Visible, (await ModerateAsync(tenant, listing.Id, kept.Id, "keep")).Status);
        Assert.Contains(await PublicReviewsAsync(visitor, listing.Id), r => r.Id == kept.Id);
        await ReportAsync(visitor, listing.Id, kept.Id);
        Assert.Contains(await PublicReviewsAsync(visitor, listing.Id), r => r.Id == kept.Id);
        await AssertRatingAsync(visitor, listing.Id, 3.00m, 3);

        // Removed: gone for good, and the rating without it.
        await ReportAsync(visitor, listing.Id, removed.Id);
        Assert.Equal(ReviewStatuses.Removed, (await ModerateAsync(tenant, listing.Id, removed.Id, "remove")).Status);
        Assert.DoesNotContain(await PublicReviewsAsync(visitor, listing.Id), r => r.Id == removed.Id);
        await AssertRatingAsync(visitor, listing.Id, 4.00m, 2);
        var statuses = (await TenantReviewsAsync(tenant, listing.Id)).ToDictionary(r => r.Id, r => r.Status);
        Assert.Equal((ReviewStatuses.Visible, ReviewStatuses.Removed), (statuses[kept.Id], statuses[removed.Id]));
    }

    [Fact]
    public async Task Another_tenant_cannot_moderate_the_reviews()
    {
        using var tenant = await _directory.TenantAsync();
        using var other = await _directory.AdminAsync("admin@bizoholic.dev");
        using var visitor = _directory.Visitor();
        var listing = await CreatePublishedAsync(tenant, Listing($"Guarded Salon {UniqueWord()}", categories: ["hair-salons"]));
        var review = (await ReviewAsync(visitor, listing.Id, 1)).Review;
        await ReportAsync(visitor, listing.Id, review.Id);

        using (var moderated = await other.PostAsJsonAsync($"{Listings}/{listing.Id}/reviews/{review.Id}/moderation", new ReviewModerationRequest("keep")))
        {
            await AssertProblemAsync(moderated, HttpStatusCode.NotFound, "moderation by another tenant");
        }
        using (var read = await other.GetAsync($"{Listings}/{listing.Id}/reviews"))
        {
            await AssertProblemAsync(read, HttpStatusCode.NotFound, "reviews read by another tenant");
        }
        Assert.Equal(ReviewStatuses.Reported, Assert.Single(await TenantReviewsAsync(tenant, listing.Id)).Status);
        Assert.Empty(await PublicReviewsAsync(visitor, listing.Id));
    }

    [Fact]
    public async Task Forty_reviews_at_once_make_the_exact_average()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var listing = await CreatePublishedAsync(tenant, Listing($"Busy Pizzeria {UniqueWord()}", categories: ["pizza"]));
        static int RatingOf(int i) => i < 13 ? 5 : i < 29 ? 4 : i < 35 ? 2 : 1;

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await visitor.PostAsJsonAsync($"{Public}/listings/{listing.Id}/reviews",
                new ReviewRequest(RatingOf(i), $"Visit number {i}.", $"Guest {i}", $"guest-{i}-{Guid.NewGuid():N}@example.com"));
            return response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Created, status));
        // PostgreSQL rounds numeric halves away from zero.
        decimal? average = Math.Round(Enumerable.Range(0, 40).Sum(RatingOf) / 40m, 2, MidpointRounding.AwayFromZero);
        var mine = (await tenant.GetFromJsonAsync<ListingResponse>($"{Listings}/{listing.Id}"))!;
        Assert.Equal((average, 40), (mine.Rating, mine.ReviewCount));
        await AssertRatingAsync(visitor, listing.Id, average.Value, 40);
        Assert.Equal(40, (await TenantReviewsAsync(tenant, listing.Id)).Count);
    }

    [Fact]
    public async Task Bad_review_input_is_400_and_writes_nothing()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var listing = await CreatePublishedAsync(tenant, Listing($"Strict Bakery {UniqueWord()}", categories: ["bakeries"]));
        var cases = new (string Field, ReviewRequest Request)[]
        {
            ("rating", new ReviewRequest(0, "Fine bread.", "Ann", "ann@example.com")),
            ("text", new ReviewRequest(4, "", "Ann", "ann@example.com")),
            ("email", new ReviewRequest(4, "Fine bread.", "Ann", "not-an-email")),
        };
        foreach (var (field, request) in cases)
        {
            using var response = await visitor.PostAsJsonAsync($"{Public}/listings/{listing.Id}/reviews", request);
            await AssertFieldErrorAsync(response, field, $"review with a bad {field}");
        }

        Assert.Empty(await TenantReviewsAsync(tenant, listing.Id));
        Assert.Equal(0, (await PublicListingAsync(visitor, listing.Id)).ReviewCount);
    }

    [Fact]
    public async Task A_listing_that_is_not_published_takes_no_reviews()
    {
        using var tenant = await _directory.TenantAsync();
        using var visitor = _directory.Visitor();
        var draft = await CreateAsync(tenant, Listing($"Unopened Shop {UniqueWord()}", categories: ["florists"]));

        foreach (var id in new[] { draft.Id, Guid.NewGuid() })
        {
            using var response = await visitor.PostAsJsonAsync($"{Public}/listings/{id}/reviews",
                new ReviewRequest(5, "Lovely flowers.", "Early Bird", $"early-{Guid.NewGuid():N}@example.com"));
            await AssertProblemAsync(response, HttpStatusCode.NotFound, "review of a listing that is not published");
        }
        Assert.Empty(await TenantReviewsAsync(tenant, draft.Id));
    }

    private static async Task ReportAsync(HttpClient visitor, Guid listingId, Guid reviewId)
    {
        using var response = await visitor.PostAsJsonAsync($"{Public}/listings/{listingId}/reviews/{reviewId}/reports", new ReviewReportRequest("Not a real visit."));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task<ReviewResponse> ModerateAsync(HttpClient tenant, Guid listingId, Guid reviewId, string decision)
    {
        using var response = await tenant.PostAsJsonAsync($"{Listings}/{listingId}/reviews/{reviewId}/moderation", new ReviewModerationRequest(decision));
        return await ReadAsync<ReviewResponse>(response, HttpStatusCode.OK, $"moderation {decision}");
    }

    /// <summary>The listing's public rating and count: its visible reviews only.</summary>
    private static async Task AssertRatingAsync(HttpClient visitor, Guid listingId, decimal rating, int count)
    {
        var listing = await PublicListingAsync(visitor, listingId);
        Assert.Equal(rating, listing.Rating);
        Assert.Equal(count, listing.ReviewCount);
    }
}
