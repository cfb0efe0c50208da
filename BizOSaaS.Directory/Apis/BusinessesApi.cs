using BizOSaaS.Directory.Data;
using BizOSaaS.Directory.Listings;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Directory.Apis;

/// <summary>The tenant's businesses. Every query runs under the tenant's row-level security, so another
/// tenant's id is simply not found. Reads are cached per tenant (API calls, 5 minutes) under the tag
/// <c>businesses</c>, which every write invalidates before it answers.</summary>
public static class BusinessesApi
{
    private static readonly string[] Tag = ["businesses"];

    public static IEndpointRouteBuilder MapBusinessesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/businesses").WithTags("Businesses").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).ProducesValidationProblem().WithSummary("The tenant's businesses, newest first.");
        api.MapGet("/count", Count).WithSummary("How many businesses the tenant has.");
        api.MapGet("/{id:guid}", Get).WithSummary("One business of the tenant.");
        api.MapPost("/", Create).ProducesValidationProblem().WithSummary("Adds a business to the tenant.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a business of the tenant.");
        return app;
    }

    private static async Task<Ok<List<BusinessResponse>>> List(DirectoryDb db, TenantCache cache, [Between(1, 500)] int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 50;
        return TypedResults.Ok(await cache.GetOrCreateAsync(CacheCategory.ApiCalls, $"businesses:list:{take}", async token =>
            (await db.Businesses.AsNoTracking().OrderByDescending(e => e.CreatedAt).Take(take).ToListAsync(token)).Select(BusinessResponse.From).ToList(),
            Tag, cancellationToken));
    }

    private static async Task<Ok<BusinessCount>> Count(DirectoryDb db, TenantCache cache, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cache.GetOrCreateAsync(CacheCategory.ApiCalls, "businesses:count", async token =>
            new BusinessCount(await db.Businesses.LongCountAsync(token)), Tag, cancellationToken));

    private static async Task<Results<Ok<BusinessResponse>, ProblemHttpResult>> Get(Guid id, DirectoryDb db, TenantCache cache, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(CacheCategory.ApiCalls, $"businesses:{id}", async token =>
            await db.Businesses.AsNoTracking().Where(e => e.Id == id).Select(e => BusinessResponse.From(e)).FirstOrDefaultAsync(token),
            Tag, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : NotFound();

    private static async Task<Created<BusinessResponse>> Create(BusinessRequest request, DirectoryDb db, TenantCache cache, CancellationToken cancellationToken)
    {
        // BusinessRequest's attributes were checked by the endpoint's validation.
        var created = new Business { Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), Category = request.Category!.Trim(), City = request.City.Trimmed(), CreatedAt = DateTimeOffset.UtcNow };
        db.Businesses.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync(Tag, cancellationToken);
        return TypedResults.Created($"/api/businesses/{created.Id}", BusinessResponse.From(created));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, DirectoryDb db, TenantCache cache, CancellationToken cancellationToken)
    {
        if (await db.Businesses.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound();
        }
        await cache.InvalidateAsync(Tag, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Business not found", detail: "Your tenant has no business with that id.");
}
