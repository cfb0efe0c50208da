using System.Security.Claims;
using BizOSaaS.Crm.Companies;
using BizOSaaS.Crm.Contacts;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Deals;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Apis;

/// <summary>Converting a lead: it becomes (or is linked to) a contact, a company and a deal, all in one
/// transaction, and keeps the links.</summary>
public static class LeadConversionApi
{
    public static IEndpointRouteBuilder MapLeadConversionApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/leads").WithTags("Leads").RequireAuthorization(PlatformPolicies.TenantUser)
            .MapPost("/{id:guid}/convert", Convert)
            .WithSummary("Converts a lead: links or creates its contact (by email) and company (by id, email domain or name), and creates a deal unless createDeal is false. 409 if already converted.");
        return app;
    }

    private static async Task<Results<Ok<ConversionResponse>, ValidationProblem, ProblemHttpResult>> Convert(
        Guid id, ConvertLeadRequest? request, ClaimsPrincipal user, CrmDb db, DealRules dealRules, TenantCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        request ??= new ConvertLeadRequest();
        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
        {
            return RecordProblems.NotFound("Lead");
        }
        if (lead.Status == LeadStatuses.Converted)
        {
            return RecordProblems.Conflict("Already converted", $"{lead.Name} was converted on {lead.ConvertedAt:yyyy-MM-dd}.");
        }
        var errors = new FieldErrors();
        var now = clock.GetUtcNow();
        var actor = Actor.From(user);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var (company, companyCreated) = await CompanyForAsync(db, lead, request.CompanyId, errors, now, cancellationToken);
        var (contact, contactCreated) = await ContactForAsync(db, lead, request.ContactId, company, errors, now, cancellationToken);
        Deal? deal = null;
        if (request.CreateDeal && !errors.Any)
        {
            deal = new Deal { Id = Guid.CreateVersion7(), Name = "", Currency = "USD", CreatedAt = now, UpdatedAt = now };
            // A deal name made up from a long company name is cut to the 200 characters a deal name may have.
            var dealName = request.DealName.Trimmed() ?? $"{lead.Company ?? lead.Name} deal";
            var (dealErrors, _) = await dealRules.ApplyAsync(deal, new DealRequest(
                dealName[..Math.Min(200, dealName.Length)], request.Amount, request.Currency, request.PipelineId, request.StageId, null,
                request.ExpectedCloseDate, lead.OwnerId, null, null, null, lead.Id), user, isNew: true, cancellationToken);
            // The contact and company may be new in this transaction, so they are linked here rather than checked.
            deal.ContactId = contact!.Id;
            deal.CompanyId = company?.Id;
            foreach (var (field, messages) in dealErrors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add(field == "name" ? "dealName" : field, message);
                }
            }
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (deal is not null)
        {
            db.Deals.Add(deal);
            ChangeTrail.Record(db, ChangeTrail.Deal, deal.Id, "created", actor, DealSnapshot.Of(deal), $"Created from lead {lead.Name}", now);
        }
        var before = LeadSnapshot.Of(lead);
        lead.Status = LeadStatuses.Converted;
        lead.ContactId = contact!.Id;
        lead.CompanyId = company?.Id;
        lead.DealId = deal?.Id;
        lead.ConvertedAt = now;
        lead.UpdatedAt = now;
        ChangeTrail.Record(db, ChangeTrail.Lead, lead.Id, "converted", actor,
            new { fields = ChangeTrail.Diff(before, LeadSnapshot.Of(lead)), contactId = contact.Id, contactCreated, companyId = company?.Id, companyCreated, dealId = deal?.Id },
            $"Converted to contact {contact.Name}{(company is null ? "" : $" at {company.Name}")}{(deal is null ? "" : $" with deal {deal.Name}")}", now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return LeadsApi.ChangedMeanwhile();
        }
        await transaction.CommitAsync(cancellationToken);
        await cache.InvalidateAsync(LeadsApi.LeadsTag, cancellationToken);
        return TypedResults.Ok(new ConversionResponse(LeadResponse.From(lead), contact.Id, contactCreated, company?.Id, companyCreated, deal?.Id));
    }

    private static async Task<(Company? Company, bool Created)> CompanyForAsync(CrmDb db, Lead lead, Guid? companyId, FieldErrors errors, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (companyId is { } given)
        {
            var chosen = await db.Companies.FirstOrDefaultAsync(c => c.Id == given, cancellationToken);
            if (chosen is null)
            {
                errors.Add("companyId", "Your tenant has no such company.");
            }
            return (chosen, false);
        }
        // A business email's domain says which company it is; a free-mail one says nothing.
        var domain = LeadScoring.EmailDomain(lead.Email).Share > 0 ? lead.Email[(lead.Email.LastIndexOf('@') + 1)..].ToLowerInvariant() : null;
        var nameKey = lead.Company is null ? null : LeadKeys.Normalize(lead.Company);
        var existing = domain is null ? null : await db.Companies.FirstOrDefaultAsync(c => c.Domain == domain, cancellationToken);
        existing ??= nameKey is null ? null : await db.Companies.OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(c => c.NameKey == nameKey, cancellationToken);
        if (existing is not null || lead.Company is null)
        {
            return (existing, false);
        }
        var created = new Company
        {
            Id = Guid.CreateVersion7(),
            Name = lead.Company,
            NameKey = nameKey!,
            Domain = domain,
            Industry = lead.Industry,
            Size = lead.CompanySize,
            IsDemo = lead.IsDemo,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Companies.Add(created);
        return (created, true);
    }

    private static async Task<(Contact? Contact, bool Created)> ContactForAsync(CrmDb db, Lead lead, Guid? contactId, Company? company, FieldErrors errors,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (contactId is { } given)
        {
            var chosen = await db.Contacts.FirstOrDefaultAsync(c => c.Id == given, cancellationToken);
            if (chosen is null)
            {
                errors.Add("contactId", "Your tenant has no such contact.");
            }
            return (chosen, false);
        }
        if (await db.Contacts.OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(c => c.EmailKey == lead.EmailKey, cancellationToken) is { } existing)
        {
            existing.CompanyId ??= company?.Id;
            return (existing, false);
        }
        var created = new Contact
        {
            Id = Guid.CreateVersion7(),
            Name = lead.Name,
            Email = lead.Email,
            EmailKey = lead.EmailKey,
            Phone = lead.Phone,
            JobTitle = lead.JobTitle,
            CompanyId = company?.Id,
            OwnerId = lead.OwnerId,
            OwnerName = lead.OwnerName,
            LeadId = lead.Id,
            IsDemo = lead.IsDemo,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Contacts.Add(created);
        return (created, true);
    }
}
