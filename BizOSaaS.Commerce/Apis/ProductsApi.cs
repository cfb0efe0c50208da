using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>The tenant's products. Every query runs under the tenant's row-level security, so another
/// tenant's id is simply not found. Reads are cached per tenant (e-commerce data, 10 minutes) under the tag
/// <c>products</c>, which every write invalidates before it answers.</summary>
public static class ProductsApi
{
    private static readonly string[] Tag = ["products"];

    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/products").WithTags("Products").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).ProducesValidationProblem().WithSummary("The tenant's products, newest first.");
        api.MapGet("/count", Count).WithSummary("How many products the tenant has.");
        api.MapGet("/{id:guid}", Get).WithSummary("One product of the tenant.");
        api.MapPost("/", Create).ProducesValidationProblem().WithSummary("Adds a product to the tenant.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a product of the tenant.");
        return app;
    }

    private static async Task<Ok<List<ProductResponse>>> List(CommerceDb db, TenantCache cache, [Between(1, 500)] int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 50;
        return TypedResults.Ok(await cache.GetOrCreateAsync(CacheCategory.Ecommerce, $"products:list:{take}", async token =>
            (await db.Products.AsNoTracking().OrderByDescending(e => e.CreatedAt).Take(take).ToListAsync(token)).Select(ProductResponse.From).ToList(),
            Tag, cancellationToken));
    }

    private static async Task<Ok<ProductCount>> Count(CommerceDb db, TenantCache cache, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cache.GetOrCreateAsync(CacheCategory.Ecommerce, "products:count", async token =>
            new ProductCount(await db.Products.LongCountAsync(token)), Tag, cancellationToken));

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> Get(Guid id, CommerceDb db, TenantCache cache, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(CacheCategory.Ecommerce, $"products:{id}", async token =>
            await db.Products.AsNoTracking().Where(e => e.Id == id).Select(e => ProductResponse.From(e)).FirstOrDefaultAsync(token),
            Tag, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : NotFound();

    private static async Task<Created<ProductResponse>> Create(ProductRequest request, CommerceDb db, TenantCache cache, CancellationToken cancellationToken)
    {
        // ProductRequest's attributes were checked by the endpoint's validation.
        var created = new Product { Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), Sku = request.Sku.Trimmed(), Price = request.Price!.Value, Currency = request.Currency!.Trim(), CreatedAt = DateTimeOffset.UtcNow };
        db.Products.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync(Tag, cancellationToken);
        return TypedResults.Created($"/api/products/{created.Id}", ProductResponse.From(created));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CommerceDb db, TenantCache cache, CancellationToken cancellationToken)
    {
        if (await db.Products.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound();
        }
        await cache.InvalidateAsync(Tag, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Product not found", detail: "Your tenant has no product with that id.");
}
