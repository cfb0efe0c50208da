using System.Security.Claims;
using BizOSaaS.Crm.Activities;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Apis;

/// <summary>Notes, calls, emails, meetings and tasks on a lead, contact, company or deal. Logging, changing or
/// removing a lead's activity rescores the lead in the same transaction, and a call, email or meeting marks a
/// new lead as contacted.</summary>
public static class ActivitiesApi
{
    public static IEndpointRouteBuilder MapActivitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/activities").WithTags("Activities").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).ProducesValidationProblem().WithSummary("Activities of one lead, contact, company or deal (or all), newest first; openTasks=true for tasks not done.");
        api.MapGet("/{id:guid}", Get).WithSummary("One activity.");
        api.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Logs an activity on exactly one of leadId, contactId, companyId, dealId.");
        api.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules().WithSummary("Changes an activity's kind, subject, body, times or done flag.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes an activity.");
        return app;
    }

    /// <summary>The activity list's query string. Properties, not a positional record: OpenAPI 10.0 cannot read validation
    /// attributes on an <c>[AsParameters]</c> record's constructor parameters (dotnet/aspnetcore#65348).</summary>
    public sealed record ActivityFilter
    {
        public Guid? LeadId { get; init; }
        public Guid? ContactId { get; init; }
        public Guid? CompanyId { get; init; }
        public Guid? DealId { get; init; }

        [OneOf(ActivityKinds.Note, ActivityKinds.Call, ActivityKinds.Email, ActivityKinds.Meeting, ActivityKinds.Task)]
        public string? Kind { get; init; }
        public bool? OpenTasks { get; init; }

        [Between(1, 500)]
        public int? Limit { get; init; }
    }

    private static async Task<Ok<List<ActivityResponse>>> List([AsParameters] ActivityFilter filter, CrmDb db, CancellationToken cancellationToken)
    {
        var limit = filter.Limit ?? 100;
        var query = db.Activities.AsNoTracking();
        query = filter.LeadId is { } lead ? query.Where(a => a.LeadId == lead) : query;
        query = filter.ContactId is { } contact ? query.Where(a => a.ContactId == contact) : query;
        query = filter.CompanyId is { } company ? query.Where(a => a.CompanyId == company) : query;
        query = filter.DealId is { } deal ? query.Where(a => a.DealId == deal) : query;
        if (filter.Kind.Trimmed()?.ToLowerInvariant() is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }
        if (filter.OpenTasks == true)
        {
            query = query.Where(a => a.Kind == ActivityKinds.Task && !a.Done).OrderBy(a => a.DueAt);
        }
        else
        {
            query = query.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id);
        }
        return TypedResults.Ok((await query.Take(limit).ToListAsync(cancellationToken)).Select(ActivityResponse.From).ToList());
    }

    private static async Task<Results<Ok<ActivityResponse>, ProblemHttpResult>> Get(Guid id, CrmDb db, CancellationToken cancellationToken) =>
        await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } activity
            ? TypedResults.Ok(ActivityResponse.From(activity))
            : RecordProblems.NotFound("Activity");

    private static async Task<Results<Created<ActivityResponse>, ValidationProblem, ProblemHttpResult>> Create(
        ActivityRequest request, ClaimsPrincipal user, CrmDb db, LeadScorer scorer, TenantCache cache, RequestValidator validator, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        var now = clock.GetUtcNow();
        var activity = new Activity { Id = Guid.CreateVersion7(), Kind = "", Subject = "", CreatedAt = now, UpdatedAt = now, CreatedById = user.UserId(), CreatedByName = Actor.NameOf(user) };
        Apply(activity, request, errors, now);
        var subjects = new[] { request.LeadId, request.ContactId, request.CompanyId, request.DealId }.Count(s => s is not null);
        if (subjects != 1)
        {
            errors.Add("leadId", "Give exactly one of leadId, contactId, companyId or dealId.");
        }
        else if (!await SubjectExistsAsync(db, request, cancellationToken))
        {
            errors.Add(request.LeadId is not null ? "leadId" : request.ContactId is not null ? "contactId" : request.CompanyId is not null ? "companyId" : "dealId",
                "Your tenant has no such record.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        activity.LeadId = request.LeadId;
        activity.ContactId = request.ContactId;
        activity.CompanyId = request.CompanyId;
        activity.DealId = request.DealId;
        db.Activities.Add(activity);
        await AfterLeadActivityChangedAsync(db, scorer, activity.LeadId, activity, user, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (activity.LeadId is not null)
        {
            await cache.InvalidateAsync(LeadsApi.LeadsTag, cancellationToken);
        }
        return TypedResults.Created($"/api/activities/{activity.Id}", ActivityResponse.From(activity));
    }

    private static async Task<Results<Ok<ActivityResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, ActivityRequest request, ClaimsPrincipal user, CrmDb db, LeadScorer scorer, TenantCache cache, RequestValidator validator, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var activity = await db.Activities.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (activity is null)
        {
            return RecordProblems.NotFound("Activity");
        }
        var errors = await validator.ValidateAsync(request, cancellationToken);
        var now = clock.GetUtcNow();
        Apply(activity, request with { OccurredAt = request.OccurredAt ?? activity.OccurredAt }, errors, now);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        activity.UpdatedAt = now;
        await AfterLeadActivityChangedAsync(db, scorer, activity.LeadId, null, user, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (activity.LeadId is not null)
        {
            await cache.InvalidateAsync(LeadsApi.LeadsTag, cancellationToken);
        }
        return TypedResults.Ok(ActivityResponse.From(activity));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, ClaimsPrincipal user, CrmDb db, LeadScorer scorer, TenantCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var activity = await db.Activities.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (activity is null)
        {
            return RecordProblems.NotFound("Activity");
        }
        db.Activities.Remove(activity);
        await AfterLeadActivityChangedAsync(db, scorer, activity.LeadId, null, user, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (activity.LeadId is not null)
        {
            await cache.InvalidateAsync(LeadsApi.LeadsTag, cancellationToken);
        }
        return TypedResults.NoContent();
    }

    private static void Apply(Activity activity, ActivityRequest request, FieldErrors errors, DateTimeOffset now)
    {
        activity.Kind = request.Kind.Trimmed()?.ToLowerInvariant() ?? "";
        activity.Subject = request.Subject.Trimmed() ?? "";
        activity.Body = request.Body.Trimmed();
        activity.OccurredAt = request.OccurredAt ?? now;
        if (activity.OccurredAt > now.AddMinutes(5) && activity.Kind != ActivityKinds.Task)
        {
            errors.Add("occurredAt", "occurredAt cannot be in the future for something that already happened (use a task with dueAt).");
        }
        activity.DueAt = request.DueAt;
        if (request.DueAt is not null && activity.Kind != ActivityKinds.Task)
        {
            errors.Add("dueAt", "Only tasks have a due date.");
        }
        activity.Done = activity.Kind == ActivityKinds.Task ? request.Done ?? false : request.Done ?? true;
    }

    private static async Task<bool> SubjectExistsAsync(CrmDb db, ActivityRequest request, CancellationToken cancellationToken) =>
        request.LeadId is { } lead ? await db.Leads.AnyAsync(l => l.Id == lead, cancellationToken)
        : request.ContactId is { } contact ? await db.Contacts.AnyAsync(c => c.Id == contact, cancellationToken)
        : request.CompanyId is { } company ? await db.Companies.AnyAsync(c => c.Id == company, cancellationToken)
        : request.DealId is { } deal && await db.Deals.AnyAsync(d => d.Id == deal, cancellationToken);

    /// <summary>Rescores the activity's lead; a newly logged call, email or meeting also marks when it was last contacted.</summary>
    private static async Task AfterLeadActivityChangedAsync(CrmDb db, LeadScorer scorer, Guid? leadId, Activity? logged, ClaimsPrincipal user,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (leadId is null || await db.Leads.FirstOrDefaultAsync(l => l.Id == leadId, cancellationToken) is not { } lead)
        {
            return;
        }
        var before = LeadSnapshot.Of(lead);
        if (logged is not null && ActivityKinds.IsContact(logged.Kind))
        {
            lead.LastContactedAt = lead.LastContactedAt is { } last && last > logged.OccurredAt ? last : logged.OccurredAt;
            if (lead.Status == LeadStatuses.New)
            {
                lead.Status = LeadStatuses.Contacted;
            }
        }
        var scoreBefore = lead.Score;
        await scorer.ScoreAsync(lead, cancellationToken);
        var changes = ChangeTrail.Diff(before, LeadSnapshot.Of(lead));
        if (changes.Count > 0 || scoreBefore != lead.Score)
        {
            lead.UpdatedAt = now;
            ChangeTrail.Record(db, ChangeTrail.Lead, lead.Id, logged is null ? "activity_changed" : "activity_logged", Actor.From(user),
                new { fields = changes, score = new { from = scoreBefore, to = lead.Score } },
                logged is null ? $"Activity changed; score {scoreBefore} → {lead.Score}" : $"{ActivityKinds.Label(logged.Kind)} logged: {logged.Subject}; score {scoreBefore} → {lead.Score}", now);
        }
    }
}
