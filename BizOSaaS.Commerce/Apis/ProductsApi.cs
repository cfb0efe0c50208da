using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Inventory;
using BizOSaaS.Commerce.Store;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>The tenant's catalog: products and their variants. Every query runs under the tenant's row-level security, so
/// another tenant's id is simply not found. The product count is cached per tenant under the tag <c>products</c>, which
/// every catalog write invalidates before it answers; lists show live stock and are not cached.</summary>
public static class ProductsApi
{
    /// <summary>The cache tag of the tenant's product reads.</summary>
    public static readonly string[] Tag = ["products"];

    private const string SkuTakenMeanwhile = "Another record of yours already uses that value; it was written meanwhile.";

    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/products").WithTags("Products").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).ProducesValidationProblem()
            .WithSummary("The tenant's products with their variants and stock: newest first, or best match first with q (words, \"phrases\", or, -exclusions; typos forgiven); filter by categoryId, productTypeId and attribute=name:value (repeatable).");
        api.MapGet("/search-plan", ExplainSearch).RequireAuthorization(PlatformPolicies.TenantAdmin).ProducesValidationProblem().WithSummary("How PostgreSQL runs a product search for q: both plans (words, then spelling) with their indexes and timings; preferIndexes=true rules out sequential scans.");
        api.MapGet("/count", Count).WithSummary("How many products the tenant has.");
        api.MapGet("/{id:guid}", Get).WithSummary("One product of the tenant with its variants and what each can still sell.");
        api.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Adds a product with its variants (or one variant from sku and price).");
        api.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules().WithSummary("Replaces a product's own fields (not its variants).");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a product and its variants; refused while orders hold its stock.");
        api.MapPost("/{id:guid}/variants", AddVariant).ValidatedWithHandlerRules().WithSummary("Adds a variant to a product.");
        api.MapPut("/{id:guid}/variants/{variantId:guid}", UpdateVariant).ValidatedWithHandlerRules().WithSummary("Replaces a variant's fields.");
        return app;
    }

    private static async Task<Results<Ok<List<ProductResponse>>, ValidationProblem>> List(CommerceDb db, [Text(200)] string? q, Guid? categoryId, Guid? productTypeId,
        string[]? attribute, [Between(1, 500)] int? limit, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = db.Products.AsNoTracking().WithAttributes(db, attribute, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        query = categoryId is { } category ? query.Where(p => p.CategoryId == category) : query;
        query = productTypeId is { } type ? query.Where(p => p.ProductTypeId == type) : query;
        var products = await db.ListAsync(query, q, limit ?? 50, cancellationToken);
        var settings = await db.StoreSettingsAsync(cancellationToken);
        var available = await db.AvailableAsync(products.SelectMany(p => p.Variants).Select(v => v.Id).ToList(), cancellationToken);
        return TypedResults.Ok(products.Select(p => ProductResponse.From(p, settings.Currency, available)).ToList());
    }

    private static async Task<Ok<List<string>>> ExplainSearch(CommerceDb db, [Text(200, Required = true)] string? q, bool? preferIndexes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.ExplainAsync(q!.Trim(), 50, preferIndexes ?? false, cancellationToken));

    private static async Task<Ok<ProductCount>> Count(CommerceDb db, TenantCache cache, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cache.GetOrCreateAsync(CacheCategory.Ecommerce, "products:count", async token =>
            new ProductCount(await db.Products.LongCountAsync(token)), Tag, cancellationToken));

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> Get(Guid id, CommerceDb db, CancellationToken cancellationToken) =>
        await db.ProductResponseAsync(id, cancellationToken) is { } found ? TypedResults.Ok(found) : RecordProblems.NotFound("Product");

    private static async Task<Results<Created<ProductResponse>, ValidationProblem>> Create(
        ProductRequest request, CommerceDb db, ProductRules rules, TenantCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var product = new Product { Id = Guid.CreateVersion7(), Name = "", CreatedAt = now, UpdatedAt = now };
        var errors = await rules.ApplyAsync(product, request, isNew: true, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var variants = request.Variants is { Count: > 0 } given ? given : [new VariantRequest(request.Sku.Trimmed() ?? $"SKU-{product.Id.ToString("N")[^10..].ToUpperInvariant()}", null, request.Price)];
        foreach (var variantRequest in variants)
        {
            var variant = new ProductVariant { Id = Guid.CreateVersion7(), ProductId = product.Id, Sku = "", Name = "", CreatedAt = now };
            ProductRules.Apply(variant, variantRequest);
            product.Variants.Add(variant);
        }
        db.Products.Add(product);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return FieldErrors.Of("sku", SkuTakenMeanwhile).ToProblem();
        }
        await cache.InvalidateAsync(Tag, cancellationToken);
        return TypedResults.Created($"/api/products/{product.Id}", (await db.ProductResponseAsync(product.Id, cancellationToken))!);
    }

    private static async Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, ProductRequest request, CommerceDb db, ProductRules rules, TenantCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return RecordProblems.NotFound("Product");
        }
        var errors = await rules.ApplyAsync(product, request, isNew: false, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        product.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync(Tag, cancellationToken);
        return TypedResults.Ok((await db.ProductResponseAsync(id, cancellationToken))!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CommerceDb db, TenantCache cache, CancellationToken cancellationToken)
    {
        if (await db.Allocations.AnyAsync(a => db.Stocks.Any(s => s.Id == a.StockId && db.Variants.Any(v => v.Id == s.VariantId && v.ProductId == id)), cancellationToken))
        {
            return RecordProblems.Conflict("Product has open orders", "Orders not shipped yet hold this product's stock; fulfil or cancel them first.");
        }
        if (await db.Products.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return RecordProblems.NotFound("Product");
        }
        await cache.InvalidateAsync(Tag, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<VariantResponse>, ValidationProblem, ProblemHttpResult>> AddVariant(
        Guid id, VariantRequest request, CommerceDb db, ProductRules rules, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await db.Products.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return RecordProblems.NotFound("Product");
        }
        var variant = new ProductVariant { Id = Guid.CreateVersion7(), ProductId = id, Sku = "", Name = "", CreatedAt = clock.GetUtcNow() };
        var errors = await rules.ApplyAsync(variant, request, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        db.Variants.Add(variant);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return FieldErrors.Of("sku", SkuTakenMeanwhile).ToProblem();
        }
        return TypedResults.Created($"/api/products/{id}/variants/{variant.Id}", VariantResponse.From(variant, variant.TrackInventory ? 0 : null));
    }

    private static async Task<Results<Ok<VariantResponse>, ValidationProblem, ProblemHttpResult>> UpdateVariant(
        Guid id, Guid variantId, VariantRequest request, CommerceDb db, ProductRules rules, CancellationToken cancellationToken)
    {
        var variant = await db.Variants.FirstOrDefaultAsync(v => v.Id == variantId && v.ProductId == id, cancellationToken);
        if (variant is null)
        {
            return RecordProblems.NotFound("Variant");
        }
        var errors = await rules.ApplyAsync(variant, request, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return FieldErrors.Of("sku", SkuTakenMeanwhile).ToProblem();
        }
        var available = await db.AvailableAsync([variant.Id], cancellationToken);
        return TypedResults.Ok(VariantResponse.From(variant, variant.TrackInventory ? available.GetValueOrDefault(variant.Id) : null));
    }

    private static async Task<ProductResponse?> ProductResponseAsync(this CommerceDb db, Guid id, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().Include(p => p.Variants).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return null;
        }
        var settings = await db.StoreSettingsAsync(cancellationToken);
        return ProductResponse.From(product, settings.Currency, await db.AvailableAsync(product.Variants.Select(v => v.Id).ToList(), cancellationToken));
    }
}
