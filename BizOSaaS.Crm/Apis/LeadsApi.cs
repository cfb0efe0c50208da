using System.Security.Claims;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Crm.Apis;

/// <summary>
/// The tenant's leads. Every query runs under the tenant's row-level security, so another tenant's id is
/// simply not found (404). Reads are cached per tenant (API calls, 5 minutes) under the tag <c>leads</c>,
/// which every write invalidates before it answers. Every change is written to the lead's audit trail.
/// </summary>
public static class LeadsApi
{
    public static readonly string[] LeadsTag = ["leads"];

    public static IEndpointRouteBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/leads").WithTags("Leads").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).WithSummary("The tenant's leads: search (q), filters, sort (created, score, name) and keyset paging (cursor).");
        api.MapGet("/count", Count).WithSummary("How many leads the tenant has.");
        api.MapGet("/stats", Stats).WithSummary("Leads by status and rating, the score distribution and new leads per day (last 30 days).");
        api.MapGet("/{id:guid}", Get).WithSummary("One lead of the tenant, with its score and the factors behind it.");
        api.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Adds a lead; scored at once. 409 when the tenant already has a lead with that email.");
        api.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules().WithSummary("Replaces a lead's fields; rescored at once.");
        api.MapDelete("/{id:guid}", Delete).WithSummary("Removes a lead and its activities (its deals stay).");
        api.MapGet("/{id:guid}/history", History).WithSummary("The lead's audit trail: who changed what, when (also after deletion).");
        api.MapPost("/{id:guid}/rescore", Rescore).WithSummary("Scores the lead again now (activities age, settings change).");
        return app;
    }

    private static async Task<Results<Ok<LeadPage>, ValidationProblem>> List([AsParameters] LeadFilter filter, CrmDb db, TenantCache cache, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (LeadQuery.Parse(filter, errors) is not { } query)
        {
            return errors.ToProblem();
        }
        return TypedResults.Ok(await cache.GetOrCreateAsync(CacheCategory.ApiCalls, query.CacheKey, async token =>
        {
            var rows = await query.Ordered(db.Leads.AsNoTracking()).Take(query.Limit + 1).ToListAsync(token);
            var page = rows.Take(query.Limit).ToList();
            long? total = filter.WithTotal == true ? await query.Matching(db.Leads).LongCountAsync(token) : null;
            return new LeadPage(page.Select(LeadResponse.From).ToList(), rows.Count > query.Limit ? query.CursorAfter(page[^1]) : null, total);
        }, LeadsTag, cancellationToken));
    }

    private static async Task<Ok<LeadCount>> Count(CrmDb db, TenantCache cache, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cache.GetOrCreateAsync(CacheCategory.ApiCalls, "leads:count", async token =>
            new LeadCount(await db.Leads.LongCountAsync(token)), LeadsTag, cancellationToken));

    private static async Task<Ok<LeadStats>> Stats(CrmDb db, TenantCache cache, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cache.GetOrCreateAsync(CacheCategory.ApiCalls, "leads:stats", async token =>
        {
            var byStatus = await db.Leads.GroupBy(l => l.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, token);
            var byRating = await db.Leads.GroupBy(l => l.Rating).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, token);
            var buckets = await db.Leads.GroupBy(l => l.Score / 10).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, token);
            var since = clock.GetUtcNow().UtcDateTime.Date.AddDays(-29);
            var sinceOffset = new DateTimeOffset(since, TimeSpan.Zero);
            var perDay = await db.Database.SqlQuery<DailyCount>(
                    $"SELECT (created_at AT TIME ZONE 'UTC')::date AS \"Day\", count(*) AS \"Count\" FROM leads WHERE created_at >= {sinceOffset} GROUP BY 1")
                .ToDictionaryAsync(d => d.Day, d => d.Count, token);
            var demo = await db.Leads.LongCountAsync(l => l.IsDemo, token);
            return new LeadStats(
                byStatus.Values.Sum(),
                LeadStatuses.All.ToDictionary(s => s, s => byStatus.GetValueOrDefault(s)),
                LeadRatings.All.ToDictionary(r => r, r => byRating.GetValueOrDefault(r)),
                // Scores 0–9, 10–19, …, 90–100 (100 falls in the last bucket).
                Enumerable.Range(0, 10).Select(b => new ScoreBucket(b * 10, b == 9 ? 100 : b * 10 + 9, buckets.GetValueOrDefault(b) + (b == 9 ? buckets.GetValueOrDefault(10) : 0))).ToList(),
                Enumerable.Range(0, 30).Select(d => DateOnly.FromDateTime(since.AddDays(d))).Select(day => new DailyCount(day, perDay.GetValueOrDefault(day))).ToList(),
                demo);
        }, LeadsTag, cancellationToken));

    private static async Task<Results<Ok<LeadResponse>, ProblemHttpResult>> Get(Guid id, CrmDb db, TenantCache cache, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(CacheCategory.ApiCalls, $"leads:{id}", async token =>
            await db.Leads.AsNoTracking().Where(e => e.Id == id).Select(e => LeadResponse.From(e)).FirstOrDefaultAsync(token),
            LeadsTag, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : RecordProblems.NotFound("Lead");

    private static async Task<Results<Created<LeadResponse>, ValidationProblem, ProblemHttpResult>> Create(
        LeadRequest request, ClaimsPrincipal user, CrmDb db, LeadEditor editor, LeadScorer scorer, TenantCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lead = new Lead { Id = Guid.CreateVersion7(), Name = "", Email = "", CreatedAt = now, UpdatedAt = now };
        var errors = new FieldErrors();
        await editor.ApplyAsync(lead, request, user, errors, isNew: true, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (await db.Leads.AsNoTracking().Where(l => l.EmailKey == lead.EmailKey).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(cancellationToken) is { } existing)
        {
            return DuplicateEmail(lead.Email, existing);
        }
        db.Leads.Add(lead);
        await scorer.ScoreAsync(lead, cancellationToken);
        ChangeTrail.Record(db, ChangeTrail.Lead, lead.Id, "created", Actor.From(user), LeadSnapshot.Of(lead), $"Created {lead.Name}", now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return DuplicateEmail(lead.Email, null);
        }
        await cache.InvalidateAsync(LeadsTag, cancellationToken);
        return TypedResults.Created($"/api/leads/{lead.Id}", LeadResponse.From(lead));
    }

    private static async Task<Results<Ok<LeadResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, LeadRequest request, ClaimsPrincipal user, CrmDb db, LeadEditor editor, LeadScorer scorer, TenantCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
        {
            return RecordProblems.NotFound("Lead");
        }
        var before = LeadSnapshot.Of(lead);
        var errors = new FieldErrors();
        await editor.ApplyAsync(lead, request, user, errors, isNew: false, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (await db.Leads.AsNoTracking().Where(l => l.EmailKey == lead.EmailKey && l.Id != id).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(cancellationToken) is { } other)
        {
            return DuplicateEmail(lead.Email, other);
        }
        var changes = ChangeTrail.Diff(before, LeadSnapshot.Of(lead));
        if (changes.Count == 0)
        {
            return TypedResults.Ok(LeadResponse.From(lead));
        }
        var now = clock.GetUtcNow();
        lead.UpdatedAt = now;
        await scorer.ScoreAsync(lead, cancellationToken);
        ChangeTrail.Record(db, ChangeTrail.Lead, lead.Id, "updated", Actor.From(user), changes, $"Changed {string.Join(", ", changes.Keys)}", now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedMeanwhile();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return DuplicateEmail(lead.Email, null);
        }
        await cache.InvalidateAsync(LeadsTag, cancellationToken);
        return TypedResults.Ok(LeadResponse.From(lead));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, ClaimsPrincipal user, CrmDb db, TenantCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
        {
            return RecordProblems.NotFound("Lead");
        }
        db.Leads.Remove(lead);
        ChangeTrail.Record(db, ChangeTrail.Lead, lead.Id, "deleted", Actor.From(user), LeadSnapshot.Of(lead), $"Deleted {lead.Name}", clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedMeanwhile();
        }
        await cache.InvalidateAsync(LeadsTag, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<RecordChangeResponse>>, ProblemHttpResult>> History(Guid id, CrmDb db, CancellationToken cancellationToken)
    {
        var changes = await db.RecordChanges.AsNoTracking().Where(c => c.EntityType == ChangeTrail.Lead && c.EntityId == id)
            .OrderByDescending(c => c.OccurredAt).ThenByDescending(c => c.Id).Take(500).ToListAsync(cancellationToken);
        return changes.Count == 0 && !await db.Leads.AnyAsync(l => l.Id == id, cancellationToken)
            ? RecordProblems.NotFound("Lead")
            : TypedResults.Ok(changes.Select(RecordChangeResponse.From).ToList());
    }

    private static async Task<Results<Ok<LeadResponse>, ProblemHttpResult>> Rescore(Guid id, CrmDb db, LeadScorer scorer, TenantCache cache, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
        {
            return RecordProblems.NotFound("Lead");
        }
        await scorer.ScoreAsync(lead, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync(LeadsTag, cancellationToken);
        return TypedResults.Ok(LeadResponse.From(lead));
    }

    internal static ProblemHttpResult DuplicateEmail(string email, Guid? existing) =>
        RecordProblems.Conflict("Duplicate email", existing is { } id
            ? $"Your tenant already has a lead with the email {email} ({id})."
            : $"Your tenant already has a lead with the email {email}.");

    internal static ProblemHttpResult ChangedMeanwhile() =>
        RecordProblems.Conflict("Changed meanwhile", "Someone else changed this record at the same moment. Reload it and try again.");
}
