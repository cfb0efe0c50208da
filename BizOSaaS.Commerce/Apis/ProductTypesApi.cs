using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Commerce.Apis;

/// <summary>Product types: the kinds of product a store sells and the attributes each kind is described by (checked on
/// every product write, searched with the product's words, filtered on by <c>attribute=name:value</c>).</summary>
public static class ProductTypesApi
{
    public static IEndpointRouteBuilder MapProductTypesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/product-types").WithTags("Catalog").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).WithSummary("The store's product types with their attributes and how many products each has.");
        api.MapGet("/{id:guid}", Get).WithSummary("One product type.");
        api.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Adds a product type with its attributes (text, number or choice).");
        api.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules()
            .WithSummary("Replaces a type's name and attributes; refused (409) when one of its products would no longer fit.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a product type no product uses.");
        return app;
    }

    private static async Task<Ok<List<ProductTypeResponse>>> List(CommerceDb db, CancellationToken cancellationToken)
    {
        var types = await db.ProductTypes.AsNoTracking().OrderBy(t => t.Name).Take(500).ToListAsync(cancellationToken);
        var counts = await db.Products.Where(p => p.ProductTypeId != null).GroupBy(p => p.ProductTypeId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return TypedResults.Ok(types.Select(t => ProductTypeResponse.From(t, counts.GetValueOrDefault(t.Id))).ToList());
    }

    private static async Task<Results<Ok<ProductTypeResponse>, ProblemHttpResult>> Get(Guid id, CommerceDb db, CancellationToken cancellationToken) =>
        await db.ProductTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is { } type
            ? TypedResults.Ok(ProductTypeResponse.From(type, await db.Products.CountAsync(p => p.ProductTypeId == id, cancellationToken)))
            : RecordProblems.NotFound("Product type");

    private static async Task<Results<Created<ProductTypeResponse>, ValidationProblem>> Create(
        ProductTypeRequest request, CommerceDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        var attributes = ProductAttributes.Define(request.Attributes, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var now = clock.GetUtcNow();
        var type = new ProductType { Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), Attributes = attributes, CreatedAt = now, UpdatedAt = now };
        db.ProductTypes.Add(type);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return FieldErrors.Of("name", $"You already have a product type named {type.Name}.").ToProblem();
        }
        return TypedResults.Created($"/api/product-types/{type.Id}", ProductTypeResponse.From(type, 0));
    }

    private static async Task<Results<Ok<ProductTypeResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, ProductTypeRequest request, CommerceDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        var attributes = ProductAttributes.Define(request.Attributes, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var type = await db.ProductTypes.FromSql($"SELECT * FROM product_types WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (type is null)
        {
            return RecordProblems.NotFound("Product type");
        }
        // Every product of the type must still fit: no value the new definition refuses, none required missing.
        var products = await db.Products.AsNoTracking().Where(p => p.ProductTypeId == id).Select(p => new { p.Name, p.Attributes }).ToListAsync(cancellationToken);
        var misfits = products.Where(p => { var check = new FieldErrors(); ProductAttributes.Check(attributes, p.Attributes, check); return check.Any; }).Select(p => p.Name).ToList();
        if (misfits.Count > 0)
        {
            return RecordProblems.Conflict("Products would not fit",
                $"{misfits.Count} product(s) of this type would no longer fit it ({string.Join(", ", misfits.Take(5))}); change their attributes first.");
        }
        type.Name = request.Name!.Trim();
        type.Attributes = attributes;
        type.UpdatedAt = clock.GetUtcNow();
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return FieldErrors.Of("name", $"You already have a product type named {type.Name}.").ToProblem();
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ProductTypeResponse.From(type, products.Count));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CommerceDb db, CancellationToken cancellationToken)
    {
        // Checked first (the usual answer, without a failed statement in the logs); the key refuses what a product written
        // meanwhile would leave behind.
        if (await db.Products.AnyAsync(p => p.ProductTypeId == id, cancellationToken))
        {
            return InUse();
        }
        try
        {
            return await db.ProductTypes.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken) == 0 ? RecordProblems.NotFound("Product type") : TypedResults.NoContent();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return InUse();
        }
    }

    private static ProblemHttpResult InUse() => RecordProblems.Conflict("Product type in use", "Products of this type exist; give them another type first.");
}
