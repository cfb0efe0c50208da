using BizOSaaS.Directory.Data;
using BizOSaaS.Directory.Listings;
using BizOSaaS.Directory.Reviews;
using BizOSaaS.Directory.Search;
using BizOSaaS.Directory.Taxonomy;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.RateLimiting;
using BizOSaaS.Platform.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Directory.Apis;

/// <summary>
/// The public directory: anyone, without a token, at the public rate tier (per client address). It shows only published
/// listings of every tenant: the search reads the database's copy of them (ADR 31); a listing page and a review find the
/// listing's tenant through that copy and then read and write under that tenant's row-level security, as the tenant's own
/// requests do.
/// </summary>
public static class PublicDirectoryApi
{
    public static IEndpointRouteBuilder MapPublicDirectoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/public").WithTags("Public directory").AllowAnonymous().RequireRateLimiting(RateLimitTiers.Public)
            .AddEndpointFilter<PublicSearchInvalidation>();
        api.MapGet("/categories", Categories).WithSummary("The directory's shared categories.");
        api.MapGet("/search", Search).ValidatedWithHandlerRules()
            .WithSummary("Published listings by words (websearch syntax: \"phrase\", or, -exclusion; typos corrected), filters, place, with facets and snippets.");
        // Asked as one types: a tier of its own, so that typing does not use up the pages' allowance.
        api.MapGet("/suggest", Suggest).ProducesValidationProblem().RequireRateLimiting(RateLimitTiers.Suggest)
            .WithSummary("Categories and listing names that start with the words typed (autocomplete).");
        api.MapGet("/listings/{id:guid}", Listing).WithSummary("One published listing with its hours and whether it is open now.");
        api.MapGet("/listings/{id:guid}/reviews", Reviews).ProducesValidationProblem().WithSummary("A published listing's visible reviews, newest first, 20 a page.");
        api.MapPost("/listings/{id:guid}/reviews", PostReview).ProducesValidationProblem()
            .WithSummary("Reviews a published listing: one review per e-mail per listing; answers the key to edit it with.");
        api.MapPut("/listings/{id:guid}/reviews/{reviewId:guid}", EditReview).ProducesValidationProblem().WithSummary("Changes one's own review, with its key.");
        api.MapPost("/listings/{id:guid}/reviews/{reviewId:guid}/reports", ReportReview).ProducesValidationProblem()
            .WithSummary("Reports a review: hidden until the listing's tenant keeps or removes it (unless the tenant kept it before).");
        return app;
    }

    private static Ok<List<DirectoryCategory>> Categories() => TypedResults.Ok(DirectoryTaxonomy.All.Select(c => c.ToContract()).ToList());

    private static async Task<Results<Ok<DirectorySearchResult>, ValidationProblem>> Search(IDirectorySearch search, TimeProvider clock,
        string? q, string[]? category, string? city, decimal? minRating, bool? verified, bool? openNow, DateTimeOffset? at,
        double? lat, double? lon, double? radiusKm, string? sort, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (q?.Length > 200)
        {
            errors.Add("q", "Search for at most 200 characters.");
        }
        var categories = new List<string>();
        foreach (var slug in category ?? [])
        {
            if (DirectoryTaxonomy.Find(slug) is null)
            {
                errors.Add("category", $"'{slug}' is not a directory category.");
            }
            categories.AddRange(DirectoryTaxonomy.WithChildren(slug));
        }
        if (city?.Length > 100)
        {
            errors.Add("city", "City is at most 100 characters.");
        }
        if (minRating is < 1 or > 5)
        {
            errors.Add("minRating", "minRating is between 1 and 5.");
        }
        if ((lat is null) != (lon is null) || lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            errors.Add("lat", "Give a place as lat (−90 to 90) and lon (−180 to 180) together.");
        }
        if (radiusKm is not null && (lat is null || radiusKm is <= 0 or > 500))
        {
            errors.Add("radiusKm", "radiusKm (up to 500) needs a place (lat and lon).");
        }
        var order = sort ?? SearchSorts.Relevance;
        if (order is not (SearchSorts.Relevance or SearchSorts.Distance or SearchSorts.Rating))
        {
            errors.Add("sort", "sort is relevance, distance or rating.");
        }
        else if (order == SearchSorts.Distance && lat is null)
        {
            errors.Add("sort", "Sorting by distance needs a place (lat and lon).");
        }
        if (page is < 1 or > 100)
        {
            errors.Add("page", "page is between 1 and 100.");
        }
        if (pageSize is < 1 or > 50)
        {
            errors.Add("pageSize", "pageSize is between 1 and 50.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var query = new DirectorySearchQuery(q, categories.Count == 0 ? null : categories.Distinct().ToList(), city.Trimmed(), minRating, verified ?? false,
            openNow ?? false, at ?? clock.GetUtcNow(), lat, lon, radiusKm, order, page ?? 1, pageSize ?? 20);
        return TypedResults.Ok(await search.SearchAsync(query, cancellationToken));
    }

    private static async Task<Ok<List<DirectorySuggestion>>> Suggest(IDirectorySearch search, [Text(100, Required = true)] string? q, [Between(1, 20)] int? limit,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(q!.Trim().Length < 2 ? [] : await search.SuggestAsync(q.Trim(), limit ?? 8, cancellationToken));

    private static async Task<Results<Ok<PublicListing>, ProblemHttpResult>> Listing(Guid id, DateTimeOffset? at, PublishedListingReader reader,
        CancellationToken cancellationToken) =>
        await reader.FindAsync(id, at, cancellationToken) is { } listing ? TypedResults.Ok(listing) : ListingNotFound();

    private static async Task<Results<Ok<List<ReviewResponse>>, ProblemHttpResult>> Reviews(Guid id, [Between(1, 1000)] int? page, IDirectorySearch search,
        DirectoryDb db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await search.PublishedAsync(id, clock.GetUtcNow(), cancellationToken) is not { TenantId: var owner })
        {
            return ListingNotFound();
        }
        using (tenant.Use(owner))
        {
            var reviews = await db.Reviews.AsNoTracking().Where(r => r.ListingId == id && r.Status == ReviewStatuses.Visible)
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(((page ?? 1) - 1) * 20).Take(20).ToListAsync(cancellationToken);
            return TypedResults.Ok(reviews.Select(r => r.ToResponse()).ToList());
        }
    }

    private static async Task<Results<Created<PostedReview>, ProblemHttpResult>> PostReview(Guid id, ReviewRequest request, IDirectorySearch search,
        DirectoryDb db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await search.PublishedAsync(id, clock.GetUtcNow(), cancellationToken) is not { TenantId: var owner })
        {
            return ListingNotFound();
        }
        using (tenant.Use(owner))
        {
            var key = ReviewEditKeys.New();
            var review = new ListingReview
            {
                Id = Guid.CreateVersion7(),
                ListingId = id,
                Rating = request.Rating!.Value,
                Text = request.Text!.Trim(),
                ReviewerName = request.Name!.Trim(),
                ReviewerEmail = request.Email!.Trim().ToLowerInvariant(),
                EditKeyHash = ReviewEditKeys.Hash(key),
                CreatedAt = clock.GetUtcNow(),
            };
            db.Reviews.Add(review);
            if (!await db.TrySaveUniqueAsync(cancellationToken))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already reviewed",
                    detail: "This e-mail has already reviewed this listing; edit that review with its key instead.");
            }
            return TypedResults.Created($"/api/public/listings/{id}/reviews/{review.Id}", new PostedReview(review.ToResponse(), key));
        }
    }

    private static async Task<Results<Ok<ReviewResponse>, ProblemHttpResult>> EditReview(Guid id, Guid reviewId, ReviewEditRequest request,
        IDirectorySearch search, DirectoryDb db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await search.PublishedAsync(id, clock.GetUtcNow(), cancellationToken) is not { TenantId: var owner })
        {
            return ListingNotFound();
        }
        using (tenant.Use(owner))
        {
            if (await db.Reviews.FirstOrDefaultAsync(r => r.Id == reviewId && r.ListingId == id && r.Status != ReviewStatuses.Removed, cancellationToken) is not { } review)
            {
                return ReviewNotFound();
            }
            if (!ReviewEditKeys.Matches(request.EditKey!, review.EditKeyHash))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your review",
                    detail: "The key does not match this review; only its author may change it.");
            }
            review.Rating = request.Rating!.Value;
            review.Text = request.Text!.Trim();
            review.EditedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(review.ToResponse());
        }
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ReportReview(Guid id, Guid reviewId, ReviewReportRequest request, IDirectorySearch search,
        DirectoryDb db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await search.PublishedAsync(id, clock.GetUtcNow(), cancellationToken) is not { TenantId: var owner })
        {
            return ListingNotFound();
        }
        using (tenant.Use(owner))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // One statement: the count, and the hiding unless a moderator kept it, under the row's lock.
            var updated = await db.Reviews.Where(r => r.Id == reviewId && r.ListingId == id && r.Status != ReviewStatuses.Removed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Reports, r => r.Reports + 1)
                    .SetProperty(r => r.Status, r => r.KeptByModerator ? r.Status : ReviewStatuses.Reported), cancellationToken);
            if (updated == 0)
            {
                return ReviewNotFound();
            }
            db.ReviewReports.Add(new ReviewReport { Id = Guid.CreateVersion7(), ReviewId = reviewId, Reason = request.Reason!.Trim(), CreatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return TypedResults.Accepted((string?)null);
        }
    }

    private static ProblemHttpResult ListingNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Listing not found", detail: "No published listing has that id.");

    private static ProblemHttpResult ReviewNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Review not found", detail: "That listing has no such review.");
}
