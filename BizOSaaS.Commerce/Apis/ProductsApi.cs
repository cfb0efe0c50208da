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
        api.MapGet("/", List).WithSummary("The tenant's products, newest first.");
        api.MapGet("/count", Count).WithSummary("How many products the tenant has.");
        api.MapGet("/{id:guid}", Get).WithSummary("One product of the tenant.");
        api.MapPost("/", Create).WithSummary("Adds a product to the tenant.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a product of the tenant.");
        return app;
    }

    private static async Task<Results<Ok<List<ProductResponse>>, ValidationProblem>> List(CommerceDb db, TenantCache cache, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 50;
        if (take is < 1 or > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 500."] });
        }
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

    private static async Task<Results<Created<ProductResponse>, ValidationProblem>> Create(ProductRequest request, CommerceDb db, TenantCache cache, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["name is required and at most 200 characters."];
        }
        if (request.Sku is { Length: > 64 })
        {
            errors["sku"] = ["sku is at most 64 characters."];
        }
        if (request.Price is null)
        {
            errors["price"] = ["price is required."];
        }
        if (string.IsNullOrWhiteSpace(request.Currency) || request.Currency.Length > 3)
        {
            errors["currency"] = ["currency is required and at most 3 characters."];
        }
        if (request.Price is < 0 or > 100_000_000)
        {
            errors["price"] = ["price must be between 0 and 100,000,000."];
        }
        if (request.Currency is { } currency && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            errors["currency"] = ["currency must be a three-letter ISO 4217 code in capitals, e.g. USD."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = new Product { Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), Sku = string.IsNullOrWhiteSpace(request.Sku) ? null : request.Sku.Trim(), Price = request.Price!.Value, Currency = request.Currency!.Trim(), CreatedAt = DateTimeOffset.UtcNow };
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
