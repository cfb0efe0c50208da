using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Leads;
using BizOSaaS.ServiceDefaults.Caching;
using BizOSaaS.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Apis;

/// <summary>The tenant's leads. Every query runs under the tenant's row-level security, so another
/// tenant's id is simply not found. Reads are cached per tenant (API calls, 5 minutes) under the tag
/// <c>leads</c>, which every write invalidates before it answers.</summary>
public static class LeadsApi
{
    private static readonly string[] LeadsTag = ["leads"];

    public static IEndpointRouteBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/leads").WithTags("Leads").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).WithSummary("The tenant's leads, newest first.");
        api.MapGet("/count", Count).WithSummary("How many leads the tenant has.");
        api.MapGet("/{id:guid}", Get).WithSummary("One lead of the tenant.");
        api.MapPost("/", Create).WithSummary("Adds a lead to the tenant.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a lead of the tenant.");
        return app;
    }

    private static async Task<Results<Ok<List<LeadResponse>>, ValidationProblem>> List(CrmDb db, TenantCache cache, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 50;
        if (take is < 1 or > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 500."] });
        }
        return TypedResults.Ok(await cache.GetOrCreateAsync(CacheCategory.ApiCalls, $"leads:list:{take}", async token =>
            (await db.Leads.AsNoTracking().OrderByDescending(e => e.CreatedAt).Take(take).ToListAsync(token)).Select(LeadResponse.From).ToList(),
            LeadsTag, cancellationToken));
    }

    private static async Task<Ok<LeadCount>> Count(CrmDb db, TenantCache cache, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cache.GetOrCreateAsync(CacheCategory.ApiCalls, "leads:count", async token =>
            new LeadCount(await db.Leads.LongCountAsync(token)), LeadsTag, cancellationToken));

    private static async Task<Results<Ok<LeadResponse>, ProblemHttpResult>> Get(Guid id, CrmDb db, TenantCache cache, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(CacheCategory.ApiCalls, $"leads:{id}", async token =>
            await db.Leads.AsNoTracking().Where(e => e.Id == id).Select(e => LeadResponse.From(e)).FirstOrDefaultAsync(token),
            LeadsTag, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : NotFound();

    private static async Task<Results<Created<LeadResponse>, ValidationProblem>> Create(LeadRequest request, CrmDb db, TenantCache cache, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["name is required and at most 200 characters."];
        }
        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 320)
        {
            errors["email"] = ["email is required and at most 320 characters."];
        }
        if (request.Company is { Length: > 200 })
        {
            errors["company"] = ["company is at most 200 characters."];
        }
        if (request.Email is { Length: > 0 } email && !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
        {
            errors["email"] = ["email must be a valid email address."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = new Lead { Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), Email = request.Email!.Trim(), Company = string.IsNullOrWhiteSpace(request.Company) ? null : request.Company.Trim(), CreatedAt = DateTimeOffset.UtcNow };
        db.Leads.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync(LeadsTag, cancellationToken);
        return TypedResults.Created($"/api/leads/{created.Id}", LeadResponse.From(created));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CrmDb db, TenantCache cache, CancellationToken cancellationToken)
    {
        if (await db.Leads.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound();
        }
        await cache.InvalidateAsync(LeadsTag, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: "Your tenant has no lead with that id.");
}
