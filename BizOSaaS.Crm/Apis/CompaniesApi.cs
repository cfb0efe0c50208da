using BizOSaaS.Crm.Companies;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Crm.Apis;

/// <summary>The organisations the tenant sells to. A domain belongs to one company per tenant.</summary>
public static class CompaniesApi
{
    public static IEndpointRouteBuilder MapCompaniesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/companies").WithTags("Companies").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).ProducesValidationProblem().WithSummary("The tenant's companies by name; q searches name and domain.");
        api.MapGet("/{id:guid}", Get).WithSummary("One company.");
        api.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Adds a company; 409 when another company has that domain.");
        api.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules().WithSummary("Replaces a company's fields.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a company; its contacts and deals stay, without it.");
        return app;
    }

    private static async Task<Ok<List<CompanyResponse>>> List(string? q, [Between(1, 500)] int? limit, CrmDb db, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        var query = db.Companies.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var key = LeadKeys.Normalize(q);
            var domain = q.Trim().ToLowerInvariant();
            query = query.Where(c => c.NameKey.Contains(key) || (c.Domain != null && c.Domain.Contains(domain)));
        }
        return TypedResults.Ok((await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Take(take).ToListAsync(cancellationToken)).Select(CompanyResponse.From).ToList());
    }

    private static async Task<Results<Ok<CompanyResponse>, ProblemHttpResult>> Get(Guid id, CrmDb db, CancellationToken cancellationToken) =>
        await db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } company
            ? TypedResults.Ok(CompanyResponse.From(company))
            : RecordProblems.NotFound("Company");

    private static async Task<Results<Created<CompanyResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CompanyRequest request, CrmDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var company = new Company { Id = Guid.CreateVersion7(), Name = "", CreatedAt = now, UpdatedAt = now };
        var errors = await ApplyAsync(company, request, validator, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        db.Companies.Add(company);
        if (await SaveAsync(db, company, cancellationToken) is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Created($"/api/companies/{company.Id}", CompanyResponse.From(company));
    }

    private static async Task<Results<Ok<CompanyResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, CompanyRequest request, CrmDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var company = await db.Companies.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (company is null)
        {
            return RecordProblems.NotFound("Company");
        }
        var errors = await ApplyAsync(company, request, validator, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        company.UpdatedAt = clock.GetUtcNow();
        if (await SaveAsync(db, company, cancellationToken) is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Ok(CompanyResponse.From(company));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CrmDb db, CancellationToken cancellationToken) =>
        await db.Companies.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) == 0 ? RecordProblems.NotFound("Company") : TypedResults.NoContent();

    private static async Task<FieldErrors> ApplyAsync(Company company, CompanyRequest request, RequestValidator validator, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        company.Name = request.Name.Trimmed() ?? "";
        company.NameKey = LeadKeys.Normalize(company.Name);
        company.Domain = CompanyDomains.Normalize(request.Domain);
        if (!string.IsNullOrWhiteSpace(request.Domain) && company.Domain is null)
        {
            errors.Add("domain", "domain must be a host name such as example.com.");
        }
        company.Industry = request.Industry.Trimmed();
        company.Size = request.Size;
        return errors;
    }

    private static async Task<ProblemHttpResult?> SaveAsync(CrmDb db, Company company, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return RecordProblems.Conflict("Duplicate domain", $"Another company of your tenant already has the domain {company.Domain}.");
        }
    }
}
