using System.Text.RegularExpressions;
using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>The tenant's category tree.</summary>
public static partial class CategoriesApi
{
    public static IEndpointRouteBuilder MapCategoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/categories").WithTags("Categories").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).WithSummary("The tenant's categories, by name; parentId links the tree.");
        api.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Adds a category, under parentId when given.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a category without sub-categories; its products keep no category.");
        return app;
    }

    private static async Task<Ok<List<CategoryResponse>>> List(CommerceDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Categories.AsNoTracking().OrderBy(c => c.Name).Take(1000).ToListAsync(cancellationToken)).Select(CategoryResponse.From).ToList());

    private static async Task<Results<Created<CategoryResponse>, ValidationProblem>> Create(
        CategoryRequest request, CommerceDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (request.ParentId is { } parentId && !await db.Categories.AnyAsync(c => c.Id == parentId, cancellationToken))
        {
            errors.Add("parentId", "Your tenant has no such category.");
        }
        var slug = request.Slug.Trimmed() ?? Slugify(request.Name ?? "");
        if (!errors.Any && slug.Length == 0)
        {
            errors.Add("slug", "slug is required when the name has no letters or digits.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var category = new Category { Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), Slug = slug, ParentId = request.ParentId, CreatedAt = clock.GetUtcNow() };
        db.Categories.Add(category);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return FieldErrors.Of("slug", $"Another category of yours already has the slug {slug}.").ToProblem();
        }
        return TypedResults.Created($"/api/categories/{category.Id}", CategoryResponse.From(category));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CommerceDb db, CancellationToken cancellationToken)
    {
        if (await db.Categories.AnyAsync(c => c.ParentId == id, cancellationToken))
        {
            return RecordProblems.Conflict("Category has sub-categories", "Move or remove its sub-categories first.");
        }
        return await db.Categories.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) == 0 ? RecordProblems.NotFound("Category") : TypedResults.NoContent();
    }

    public static string Slugify(string name)
    {
        var slug = NotSlug().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 100 ? slug[..100].TrimEnd('-') : slug;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
