using System.Security.Claims;
using BizOSaaS.Crm.Contacts;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.People;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Apis;

/// <summary>The people the tenant does business with.</summary>
public static class ContactsApi
{
    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/contacts").WithTags("Contacts").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).ProducesValidationProblem().WithSummary("The tenant's contacts by name; q searches name and email; companyId filters.");
        api.MapGet("/{id:guid}", Get).WithSummary("One contact.");
        api.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Adds a contact.");
        api.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules().WithSummary("Replaces a contact's fields.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a contact; its deals stay, without it.");
        return app;
    }

    private static async Task<Ok<List<ContactResponse>>> List(string? q, Guid? companyId, [Between(1, 500)] int? limit, CrmDb db, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        var query = db.Contacts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToLowerInvariant();
            query = query.Where(c => c.Name.ToLower().Contains(term) || (c.EmailKey != null && c.EmailKey.Contains(term)));
        }
        if (companyId is { } company)
        {
            query = query.Where(c => c.CompanyId == company);
        }
        return TypedResults.Ok((await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Take(take).ToListAsync(cancellationToken)).Select(ContactResponse.From).ToList());
    }

    private static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> Get(Guid id, CrmDb db, CancellationToken cancellationToken) =>
        await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } contact
            ? TypedResults.Ok(ContactResponse.From(contact))
            : RecordProblems.NotFound("Contact");

    private static async Task<Results<Created<ContactResponse>, ValidationProblem, ProblemHttpResult>> Create(
        ContactRequest request, ClaimsPrincipal user, CrmDb db, TenantPeople people, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var contact = new Contact { Id = Guid.CreateVersion7(), Name = "", CreatedAt = now, UpdatedAt = now };
        var errors = await ApplyAsync(contact, request, user, db, people, validator, isNew: true, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/contacts/{contact.Id}", ContactResponse.From(contact));
    }

    private static async Task<Results<Ok<ContactResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, ContactRequest request, ClaimsPrincipal user, CrmDb db, TenantPeople people, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null)
        {
            return RecordProblems.NotFound("Contact");
        }
        var errors = await ApplyAsync(contact, request, user, db, people, validator, isNew: false, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        contact.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ContactResponse.From(contact));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CrmDb db, CancellationToken cancellationToken) =>
        await db.Contacts.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) == 0 ? RecordProblems.NotFound("Contact") : TypedResults.NoContent();

    private static async Task<FieldErrors> ApplyAsync(Contact contact, ContactRequest request, ClaimsPrincipal user, CrmDb db, TenantPeople people,
        RequestValidator validator, bool isNew, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        contact.Name = request.Name.Trimmed() ?? "";
        contact.Email = request.Email.Trimmed();
        contact.EmailKey = contact.Email?.ToLowerInvariant();
        contact.Phone = request.Phone.Trimmed();
        contact.JobTitle = request.JobTitle.Trimmed();
        if (request.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, cancellationToken))
        {
            errors.Add("companyId", "Your tenant has no such company.");
        }
        contact.CompanyId = request.CompanyId;
        await Owners.AssignAsync(request.OwnerId, isNew, user, people, errors, (id, name) => (contact.OwnerId, contact.OwnerName) = (id, name),
            contact.OwnerId, cancellationToken);
        return errors;
    }
}
