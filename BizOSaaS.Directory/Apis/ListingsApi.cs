using BizOSaaS.Directory.Data;
using BizOSaaS.Directory.Listings;
using BizOSaaS.Directory.Reviews;
using BizOSaaS.Directory.Search;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.RateLimiting;
using BizOSaaS.Platform.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Directory.Apis;

/// <summary>
/// The tenant's own listings and the reviews of them. Every query runs under the tenant's row-level security, so another
/// tenant's id is simply not found. Publishing puts a listing in the public directory (the database copies it into the
/// search table in the same transaction); unpublishing takes it out.
/// </summary>
public static class ListingsApi
{
    public static IEndpointRouteBuilder MapListingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/listings").WithTags("Listings").RequireAuthorization(PlatformPolicies.TenantUser)
            .AddEndpointFilter<PublicSearchInvalidation>();
        api.MapGet("/", List).ProducesValidationProblem().WithSummary("The tenant's listings, newest first, optionally of one status.");
        api.MapGet("/{id:guid}", Get).WithSummary("One listing of the tenant.");
        api.MapGet("/search-plan", ExplainSearch).RequireAuthorization(PlatformPolicies.TenantAdmin).ProducesValidationProblem()
            .WithSummary("How PostgreSQL runs the public directory search for q (words, autocomplete, place, spelling) with its indexes and timings; preferIndexes=true rules out sequential scans.");
        api.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Adds a listing as a draft (not public until published).");
        api.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules().WithSummary("Replaces a listing's content; its status stays.");
        api.MapPost("/{id:guid}/publish", Publish).WithSummary("Puts a listing in the public directory (refused while suspended by platform staff).");
        api.MapPost("/{id:guid}/unpublish", Unpublish).WithSummary("Takes a listing out of the public directory (back to draft).");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a listing with its reviews.");
        api.MapGet("/{id:guid}/reviews", Reviews).WithSummary("Every review of a listing (visible, reported, removed), newest first, with its reports.");
        api.MapPost("/{id:guid}/reviews/{reviewId:guid}/moderation", Moderate).ProducesValidationProblem()
            .WithSummary("Keeps a review (shown again; later reports no longer hide it) or removes it.");

        // Platform staff, for any tenant's listing: the tenant is named in the path and the change runs under its row-level security.
        app.MapPut("/api/platform/tenants/{tenantId:guid}/listings/{id:guid}/standing", SetStanding).WithTags("Listings")
            .RequireAuthorization(PlatformPolicies.PlatformAdmin).RequireRateLimiting(RateLimitTiers.Admin).AddEndpointFilter<PublicSearchInvalidation>()
            .WithSummary("Platform staff verify a listing or suspend it (out of the public directory until lifted).");
        return app;
    }

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> SetStanding(Guid tenantId, Guid id, ListingStandingRequest request, DirectoryDb db,
        TenantContext tenant, TimeProvider clock, ILogger<Listing> logger, HttpContext context, CancellationToken cancellationToken)
    {
        using (tenant.Use(tenantId))
        {
            if (await db.Listings.FirstOrDefaultAsync(l => l.Id == id, cancellationToken) is not { } listing)
            {
                return NotFound();
            }
            listing.Verified = request.Verified ?? listing.Verified;
            listing.Status = request.Suspended switch
            {
                true => ListingStatuses.Suspended,
                false when listing.Status == ListingStatuses.Suspended => ListingStatuses.Draft,
                _ => listing.Status,
            };
            listing.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Platform staff {User} set listing {Listing} of tenant {Tenant}: verified {Verified}, status {Status}",
                context.User.FindFirst("sub")?.Value, id, tenantId, listing.Verified, listing.Status);
            return TypedResults.Ok(listing.ToResponse());
        }
    }

    private static async Task<Ok<List<ListingResponse>>> List(DirectoryDb db,
        [OneOf(ListingStatuses.Draft, ListingStatuses.Published, ListingStatuses.Suspended)] string? status, [Between(1, 500)] int? limit,
        CancellationToken cancellationToken)
    {
        var query = db.Listings.AsNoTracking();
        query = status is null ? query : query.Where(l => l.Status == status);
        var listings = await query.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).Take(limit ?? 100).ToListAsync(cancellationToken);
        return TypedResults.Ok(listings.Select(l => l.ToResponse()).ToList());
    }

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> Get(Guid id, DirectoryDb db, CancellationToken cancellationToken) =>
        await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken) is { } listing
            ? TypedResults.Ok(listing.ToResponse())
            : NotFound();

    private static async Task<Ok<List<string>>> ExplainSearch(DirectoryDb db, [Text(200, Required = true)] string? q, bool? preferIndexes,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Database.SqlQuery<string>($"SELECT line AS \"Value\" FROM explain_directory_search({q!.Trim()}, {preferIndexes ?? false}) AS line")
            .ToListAsync(cancellationToken));

    private static async Task<Results<Created<ListingResponse>, ValidationProblem>> Create(ListingRequest request, DirectoryDb db, RequestValidator validator,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await CheckAsync(request, validator, cancellationToken) is { } problem)
        {
            return problem;
        }
        var now = clock.GetUtcNow();
        var listing = new Listing { Id = Guid.CreateVersion7(), Name = "", City = "", Country = "", TimeZone = "", CreatedAt = now };
        ListingRules.Apply(listing, request, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/listings/{listing.Id}", listing.ToResponse());
    }

    private static async Task<Results<Ok<ListingResponse>, ValidationProblem, ProblemHttpResult>> Update(Guid id, ListingRequest request, DirectoryDb db,
        RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await CheckAsync(request, validator, cancellationToken) is { } problem)
        {
            return problem;
        }
        if (await db.Listings.FirstOrDefaultAsync(l => l.Id == id, cancellationToken) is not { } listing)
        {
            return NotFound();
        }
        ListingRules.Apply(listing, request, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(listing.ToResponse());
    }

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> Publish(Guid id, DirectoryDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Listings.FirstOrDefaultAsync(l => l.Id == id, cancellationToken) is not { } listing)
        {
            return NotFound();
        }
        if (listing.Status == ListingStatuses.Suspended)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Listing suspended",
                detail: "Platform staff suspended this listing; it cannot be published until they lift the suspension.");
        }
        listing.Status = ListingStatuses.Published;
        listing.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(listing.ToResponse());
    }

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> Unpublish(Guid id, DirectoryDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Listings.FirstOrDefaultAsync(l => l.Id == id, cancellationToken) is not { } listing)
        {
            return NotFound();
        }
        if (listing.Status == ListingStatuses.Published)
        {
            listing.Status = ListingStatuses.Draft;
            listing.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(listing.ToResponse());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, DirectoryDb db, CancellationToken cancellationToken) =>
        await db.Listings.Where(l => l.Id == id).ExecuteDeleteAsync(cancellationToken) == 0 ? NotFound() : TypedResults.NoContent();

    private static async Task<Results<Ok<List<ReviewResponse>>, ProblemHttpResult>> Reviews(Guid id, DirectoryDb db, CancellationToken cancellationToken)
    {
        if (!await db.Listings.AnyAsync(l => l.Id == id, cancellationToken))
        {
            return NotFound();
        }
        var reviews = await db.Reviews.AsNoTracking().Where(r => r.ListingId == id).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(reviews.Select(r => r.ToResponse()).ToList());
    }

    private static async Task<Results<Ok<ReviewResponse>, ProblemHttpResult>> Moderate(Guid id, Guid reviewId, ReviewModerationRequest request, DirectoryDb db,
        CancellationToken cancellationToken)
    {
        if (await db.Reviews.FirstOrDefaultAsync(r => r.Id == reviewId && r.ListingId == id, cancellationToken) is not { } review)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Review not found", detail: "No listing of your tenant has that review.");
        }
        review.Status = request.Decision == "keep" ? ReviewStatuses.Visible : ReviewStatuses.Removed;
        review.KeptByModerator = request.Decision == "keep";
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(review.ToResponse());
    }

    private static async Task<ValidationProblem?> CheckAsync(ListingRequest request, RequestValidator validator, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        errors.Add(ListingRules.Check(request));
        return errors.Any ? errors.ToProblem() : null;
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Listing not found", detail: "Your tenant has no listing with that id.");
}
