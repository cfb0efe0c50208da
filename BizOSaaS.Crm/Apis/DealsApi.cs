using System.Security.Claims;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Deals;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.People;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Apis;

/// <summary>Deals moving through a pipeline. Entering a won or lost stage closes a deal (lost needs a reason);
/// every change is written to the deal's audit trail.</summary>
public static class DealsApi
{
    public static IEndpointRouteBuilder MapDealsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/deals").WithTags("Deals").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).ProducesValidationProblem().WithSummary("The tenant's deals, newest first; filter by pipelineId, stageId, companyId, contactId, leadId or open=true.");
        api.MapGet("/{id:guid}", Get).WithSummary("One deal with its stage.");
        api.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Adds a deal (the default pipeline's first stage unless given).");
        api.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules().WithSummary("Replaces a deal's fields; moving it to a lost stage needs closeReason.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a deal and its activities.");
        api.MapGet("/{id:guid}/history", History).WithSummary("The deal's audit trail.");
        return app;
    }

    /// <summary>The deal list's query string (properties: see <see cref="ActivitiesApi.ActivityFilter"/>).</summary>
    public sealed record DealFilter
    {
        public Guid? PipelineId { get; init; }
        public Guid? StageId { get; init; }
        public Guid? CompanyId { get; init; }
        public Guid? ContactId { get; init; }
        public Guid? LeadId { get; init; }
        public bool? Open { get; init; }

        [Between(1, 500)]
        public int? Limit { get; init; }
    }

    private static async Task<Ok<List<DealResponse>>> List([AsParameters] DealFilter filter, CrmDb db, CancellationToken cancellationToken)
    {
        var take = filter.Limit ?? 100;
        var query = from d in db.Deals.AsNoTracking() join s in db.PipelineStages on d.StageId equals s.Id select new { d, s };
        query = filter.PipelineId is { } pipeline ? query.Where(x => x.d.PipelineId == pipeline) : query;
        query = filter.StageId is { } stage ? query.Where(x => x.d.StageId == stage) : query;
        query = filter.CompanyId is { } company ? query.Where(x => x.d.CompanyId == company) : query;
        query = filter.ContactId is { } contact ? query.Where(x => x.d.ContactId == contact) : query;
        query = filter.LeadId is { } lead ? query.Where(x => x.d.LeadId == lead) : query;
        query = filter.Open is { } open ? query.Where(x => (x.s.Kind == StageKinds.Open) == open) : query;
        var rows = await query.OrderByDescending(x => x.d.CreatedAt).ThenByDescending(x => x.d.Id).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(x => DealResponse.From(x.d, x.s)).ToList());
    }

    private static async Task<Results<Ok<DealResponse>, ProblemHttpResult>> Get(Guid id, CrmDb db, CancellationToken cancellationToken)
    {
        var row = await (from d in db.Deals.AsNoTracking() join s in db.PipelineStages on d.StageId equals s.Id where d.Id == id select new { d, s })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? RecordProblems.NotFound("Deal") : TypedResults.Ok(DealResponse.From(row.d, row.s));
    }

    private static async Task<Results<Created<DealResponse>, ValidationProblem, ProblemHttpResult>> Create(
        DealRequest request, ClaimsPrincipal user, CrmDb db, DealRules rules, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var deal = new Deal { Id = Guid.CreateVersion7(), Name = "", Currency = "USD", CreatedAt = now, UpdatedAt = now };
        var (errors, stage) = await rules.ApplyAsync(deal, request, user, isNew: true, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        db.Deals.Add(deal);
        ChangeTrail.Record(db, ChangeTrail.Deal, deal.Id, "created", Actor.From(user), DealSnapshot.Of(deal), $"Created {deal.Name}", now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/deals/{deal.Id}", DealResponse.From(deal, stage!));
    }

    private static async Task<Results<Ok<DealResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, DealRequest request, ClaimsPrincipal user, CrmDb db, DealRules rules, TimeProvider clock, CancellationToken cancellationToken)
    {
        var deal = await db.Deals.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deal is null)
        {
            return RecordProblems.NotFound("Deal");
        }
        var before = DealSnapshot.Of(deal);
        var (errors, stage) = await rules.ApplyAsync(deal, request, user, isNew: false, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var changes = ChangeTrail.Diff(before, DealSnapshot.Of(deal));
        if (changes.Count > 0)
        {
            var now = clock.GetUtcNow();
            deal.UpdatedAt = now;
            ChangeTrail.Record(db, ChangeTrail.Deal, deal.Id, changes.ContainsKey("stageId") ? "stage_changed" : "updated", Actor.From(user), changes,
                changes.ContainsKey("stageId") ? $"Moved to {stage!.Name}" : $"Changed {string.Join(", ", changes.Keys)}", now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return LeadsApi.ChangedMeanwhile();
            }
        }
        return TypedResults.Ok(DealResponse.From(deal, stage!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, ClaimsPrincipal user, CrmDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var deal = await db.Deals.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deal is null)
        {
            return RecordProblems.NotFound("Deal");
        }
        db.Deals.Remove(deal);
        ChangeTrail.Record(db, ChangeTrail.Deal, deal.Id, "deleted", Actor.From(user), DealSnapshot.Of(deal), $"Deleted {deal.Name}", clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<RecordChangeResponse>>, ProblemHttpResult>> History(Guid id, CrmDb db, CancellationToken cancellationToken)
    {
        var changes = await db.RecordChanges.AsNoTracking().Where(c => c.EntityType == ChangeTrail.Deal && c.EntityId == id)
            .OrderByDescending(c => c.OccurredAt).ThenByDescending(c => c.Id).Take(500).ToListAsync(cancellationToken);
        return changes.Count == 0 && !await db.Deals.AnyAsync(d => d.Id == id, cancellationToken)
            ? RecordProblems.NotFound("Deal")
            : TypedResults.Ok(changes.Select(RecordChangeResponse.From).ToList());
    }
}

/// <summary>The rules of a deal's fields, shared by the deals API and lead conversion (which builds a <see cref="DealRequest"/>).</summary>
public sealed class DealRules(CrmDb db, TenantCrmDefaults defaults, TenantPeople people, RequestValidator validator, TimeProvider clock)
{
    public async Task<(FieldErrors Errors, PipelineStage? Stage)> ApplyAsync(Deal deal, DealRequest request, ClaimsPrincipal user, bool isNew, CancellationToken cancellationToken)
    {
        await defaults.EnsureAsync(cancellationToken);
        // DealRequest's attributes, then the rules that need the tenant's pipelines, records and people.
        var errors = await validator.ValidateAsync(request, cancellationToken);
        deal.Name = request.Name.Trimmed() ?? "";
        deal.Amount = request.Amount ?? (isNew ? 0 : deal.Amount);
        deal.Currency = request.Currency.Trimmed()?.ToUpperInvariant() ?? (isNew ? "USD" : deal.Currency);
        deal.ExpectedCloseDate = request.ExpectedCloseDate;

        var pipelineId = request.PipelineId ?? (isNew ? await db.Pipelines.Where(p => p.IsDefault).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken) : deal.PipelineId);
        List<PipelineStage> stages = pipelineId is null ? [] : await db.PipelineStages.AsNoTracking().Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Position).ToListAsync(cancellationToken);
        if (stages.Count == 0)
        {
            errors.Add("pipelineId", "Your tenant has no such pipeline (or it has no stages).");
            return (errors, null);
        }
        var stage = request.StageId is { } stageId ? stages.FirstOrDefault(s => s.Id == stageId)
            : isNew || pipelineId != deal.PipelineId ? stages.FirstOrDefault(s => s.Kind == StageKinds.Open) ?? stages[0]
            : stages.FirstOrDefault(s => s.Id == deal.StageId);
        if (stage is null)
        {
            errors.Add("stageId", "stageId must be a stage of the deal's pipeline.");
            return (errors, null);
        }
        var stageChanged = isNew || stage.Id != deal.StageId;
        deal.PipelineId = pipelineId!.Value;
        deal.StageId = stage.Id;
        deal.Probability = request.Probability ?? (stageChanged ? stage.Probability : deal.Probability);
        deal.CloseReason = request.CloseReason.Trimmed();
        if (stage.Kind == StageKinds.Lost && deal.CloseReason is null)
        {
            errors.Add("closeReason", "A lost deal needs the reason it was lost.");
        }
        deal.ClosedAt = stage.Kind == StageKinds.Open ? null : deal.ClosedAt ?? clock.GetUtcNow();

        if (request.ContactId is { } contactId && !await db.Contacts.AnyAsync(c => c.Id == contactId, cancellationToken))
        {
            errors.Add("contactId", "Your tenant has no such contact.");
        }
        if (request.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, cancellationToken))
        {
            errors.Add("companyId", "Your tenant has no such company.");
        }
        if (request.LeadId is { } leadId && !await db.Leads.AnyAsync(l => l.Id == leadId, cancellationToken))
        {
            errors.Add("leadId", "Your tenant has no such lead.");
        }
        deal.ContactId = request.ContactId;
        deal.CompanyId = request.CompanyId;
        deal.LeadId = request.LeadId;
        await Owners.AssignAsync(request.OwnerId, isNew, user, people, errors, (id, name) => (deal.OwnerId, deal.OwnerName) = (id, name), deal.OwnerId, cancellationToken);
        return (errors, stage);
    }
}
