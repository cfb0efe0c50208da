using System.Security.Claims;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Apis;

/// <summary>
/// Likely duplicates — the same mailbox (<see cref="LeadKeys.CanonicalEmail"/>), the same phone number, or the
/// same normalized name at the same company — and merging two leads into one that keeps every activity, deal
/// and qualification request of both, recorded in both audit trails.
/// </summary>
public static class LeadDuplicatesApi
{
    public const string ByEmail = "email";
    public const string ByPhone = "phone";
    public const string ByNameAndCompany = "name_company";

    public static IEndpointRouteBuilder MapLeadDuplicatesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/leads").WithTags("Leads").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/duplicates", List).ProducesValidationProblem().WithSummary("Groups of likely duplicate leads: same mailbox, same phone, or same name and company.");
        api.MapGet("/{id:guid}/duplicates", OfLead).WithSummary("The leads that look like duplicates of this one.");
        api.MapPost("/{id:guid}/merge", Merge).WithSummary("Merges duplicateId into this lead: its activities, deals and missing fields move over, then it is removed.");
        return app;
    }

    private static async Task<Ok<List<DuplicateGroup>>> List([Between(1, 200)] int? limit, CrmDb db, CancellationToken cancellationToken)
    {
        var take = limit ?? 50;
        var emails = await db.Leads.GroupBy(l => l.EmailCanonical).Where(g => g.Count() > 1).Select(g => g.Key).Take(take).ToListAsync(cancellationToken);
        var phones = await db.Leads.Where(l => l.PhoneKey != null).GroupBy(l => l.PhoneKey!).Where(g => g.Count() > 1).Select(g => g.Key).Take(take).ToListAsync(cancellationToken);
        var names = await db.Leads.GroupBy(l => l.NameKey).Where(g => g.Count() > 1).Select(g => g.Key).Take(take).ToListAsync(cancellationToken);
        var leads = await db.Leads.AsNoTracking()
            .Where(l => emails.Contains(l.EmailCanonical) || (l.PhoneKey != null && phones.Contains(l.PhoneKey)) || names.Contains(l.NameKey))
            .OrderBy(l => l.CreatedAt).ToListAsync(cancellationToken);
        var groups = emails.Select(k => new DuplicateGroup(ByEmail, k, leads.Where(l => l.EmailCanonical == k).Select(LeadSummary.From).ToList()))
            .Concat(phones.Select(k => new DuplicateGroup(ByPhone, k, leads.Where(l => l.PhoneKey == k).Select(LeadSummary.From).ToList())))
            .Concat(names.Select(k => new DuplicateGroup(ByNameAndCompany, k, leads.Where(l => l.NameKey == k).Select(LeadSummary.From).ToList())))
            .Take(take).ToList();
        return TypedResults.Ok(groups);
    }

    private static async Task<Results<Ok<List<DuplicateGroup>>, ProblemHttpResult>> OfLead(Guid id, CrmDb db, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
        {
            return RecordProblems.NotFound("Lead");
        }
        var others = await db.Leads.AsNoTracking()
            .Where(l => l.Id != id && (l.EmailCanonical == lead.EmailCanonical || (lead.PhoneKey != null && l.PhoneKey == lead.PhoneKey) || l.NameKey == lead.NameKey))
            .OrderBy(l => l.CreatedAt).Take(100).ToListAsync(cancellationToken);
        var groups = new List<DuplicateGroup>();
        void AddGroup(string reason, string? key, Func<Lead, bool> matches)
        {
            var matching = others.Where(matches).ToList();
            if (key is not null && matching.Count > 0)
            {
                groups.Add(new DuplicateGroup(reason, key, [LeadSummary.From(lead), .. matching.Select(LeadSummary.From)]));
            }
        }
        AddGroup(ByEmail, lead.EmailCanonical, l => l.EmailCanonical == lead.EmailCanonical);
        AddGroup(ByPhone, lead.PhoneKey, l => l.PhoneKey == lead.PhoneKey);
        AddGroup(ByNameAndCompany, lead.NameKey, l => l.NameKey == lead.NameKey);
        return TypedResults.Ok(groups);
    }

    private static async Task<Results<Ok<LeadResponse>, ValidationProblem, ProblemHttpResult>> Merge(
        Guid id, MergeLeadsRequest request, ClaimsPrincipal user, CrmDb db, LeadScorer scorer, TenantCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var duplicateId = request.DuplicateId!.Value;
        if (duplicateId == id)
        {
            return FieldErrors.Of("duplicateId", "A lead cannot be merged into itself.").ToProblem();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pair = await db.Leads.FromSql($"SELECT *, xmin FROM leads WHERE id IN ({id}, {duplicateId}) ORDER BY id FOR UPDATE").ToListAsync(cancellationToken);
        var primary = pair.FirstOrDefault(l => l.Id == id);
        var duplicate = pair.FirstOrDefault(l => l.Id == duplicateId);
        if (primary is null)
        {
            return RecordProblems.NotFound("Lead");
        }
        if (duplicate is null)
        {
            return FieldErrors.Of("duplicateId", "Your tenant has no lead with that id.").ToProblem();
        }
        var now = clock.GetUtcNow();
        var actor = Actor.From(user);
        var before = LeadSnapshot.Of(primary);

        // Everything that pointed at the duplicate now points at the lead that stays.
        var activities = await db.Activities.Where(a => a.LeadId == duplicateId).ExecuteUpdateAsync(a => a.SetProperty(x => x.LeadId, id), cancellationToken);
        var deals = await db.Deals.Where(d => d.LeadId == duplicateId).ExecuteUpdateAsync(d => d.SetProperty(x => x.LeadId, id), cancellationToken);
        await db.QualificationRequests.Where(q => q.LeadId == duplicateId).ExecuteUpdateAsync(q => q.SetProperty(x => x.LeadId, id), cancellationToken);

        primary.Phone ??= duplicate.Phone;
        primary.Company ??= duplicate.Company;
        primary.JobTitle ??= duplicate.JobTitle;
        primary.Industry ??= duplicate.Industry;
        primary.CompanySize ??= duplicate.CompanySize;
        primary.Source ??= duplicate.Source;
        primary.OwnerId ??= duplicate.OwnerId;
        primary.OwnerName ??= duplicate.OwnerName;
        primary.NextFollowUpAt ??= duplicate.NextFollowUpAt;
        primary.LastContactedAt = new[] { primary.LastContactedAt, duplicate.LastContactedAt }.Max();
        primary.Tags = primary.Tags.Union(duplicate.Tags).Take(20).ToList();
        if (primary.Status != LeadStatuses.Converted && duplicate.Status == LeadStatuses.Converted)
        {
            (primary.Status, primary.ContactId, primary.CompanyId, primary.DealId, primary.ConvertedAt) =
                (duplicate.Status, duplicate.ContactId, duplicate.CompanyId, duplicate.DealId, duplicate.ConvertedAt);
        }
        primary.RefreshKeys();
        primary.UpdatedAt = now;
        db.Leads.Remove(duplicate);
        await scorer.ScoreAsync(primary, cancellationToken);

        var merged = new { duplicateId, duplicate = LeadSnapshot.Of(duplicate), movedActivities = activities, movedDeals = deals, fields = ChangeTrail.Diff(before, LeadSnapshot.Of(primary)) };
        ChangeTrail.Record(db, ChangeTrail.Lead, id, "merged", actor, merged, $"Merged {duplicate.Name} <{duplicate.Email}> into this lead ({activities} activities, {deals} deals moved)", now);
        ChangeTrail.Record(db, ChangeTrail.Lead, duplicateId, "merged_into", actor, new { intoId = id, duplicate = LeadSnapshot.Of(duplicate) },
            $"Merged into {primary.Name} <{primary.Email}>", now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await cache.InvalidateAsync(LeadsApi.LeadsTag, cancellationToken);
        return TypedResults.Ok(LeadResponse.From(primary));
    }
}
