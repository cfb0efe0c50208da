using BizOSaaS.Crm.Activities;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Qualification;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Scoring;

/// <summary>
/// Scores tracked leads in place (fit from the lead, engagement from its activities, including the ones added,
/// changed or removed in the same unit of work) and raises a qualification request when a lead's score reaches
/// the tenant's high-value threshold. The caller's SaveChanges writes it all together.
/// </summary>
public sealed class LeadScorer(CrmDb db, ScoringSettingsStore settingsStore, QualificationOutbox qualification, TimeProvider clock)
{
    public async Task ScoreAsync(Lead lead, CancellationToken cancellationToken, bool raiseQualification = true)
    {
        var settings = await settingsStore.GetAsync(cancellationToken);
        var events = await EngagementOfAsync(lead.Id, cancellationToken);
        var score = LeadScoring.Score(ProfileOf(lead), events, settings, clock.GetUtcNow());
        await ApplyAsync(lead, score, settings, raiseQualification, cancellationToken);
    }

    /// <summary>Writes <paramref name="score"/> onto the lead; a crossing of the high-value threshold raises a request.</summary>
    public async Task ApplyAsync(Lead lead, LeadScore score, ScoringSettings settings, bool raiseQualification, CancellationToken cancellationToken)
    {
        var before = lead.Score;
        var wasScored = lead.ScoredAt is not null;
        lead.FitScore = score.Fit;
        lead.EngagementScore = score.Engagement;
        lead.Score = score.Total;
        lead.Rating = score.Rating;
        lead.ScoreFactors = [.. score.Factors];
        lead.ScoredAt = clock.GetUtcNow();
        if (raiseQualification && (!wasScored || before < settings.HighValueThreshold) && score.Total >= settings.HighValueThreshold
            && lead.Status is not (LeadStatuses.Converted or LeadStatuses.Qualified or LeadStatuses.Unqualified))
        {
            await qualification.RaiseAsync(lead, settings, cancellationToken);
        }
    }

    public static LeadProfile ProfileOf(Lead lead) => new(lead.Email, lead.JobTitle, lead.Industry, lead.CompanySize);

    /// <summary>The lead's activities as stored, overlaid with this unit of work's pending changes.</summary>
    private async Task<List<EngagementEvent>> EngagementOfAsync(Guid leadId, CancellationToken cancellationToken)
    {
        var pending = db.ChangeTracker.Entries<Activity>().Where(e => e.Entity.LeadId == leadId || e.OriginalValues.GetValue<Guid?>(nameof(Activity.LeadId)) == leadId).ToList();
        var pendingIds = pending.Select(e => e.Entity.Id).ToHashSet();
        var stored = await db.Activities.AsNoTracking().Where(a => a.LeadId == leadId)
            .Select(a => new { a.Id, a.Kind, a.OccurredAt, a.Done }).ToListAsync(cancellationToken);
        return stored.Where(a => !pendingIds.Contains(a.Id)).Select(a => new EngagementEvent(a.Kind, a.OccurredAt, a.Done))
            .Concat(pending.Where(e => e.State != EntityState.Deleted && e.Entity.LeadId == leadId)
                .Select(e => new EngagementEvent(e.Entity.Kind, e.Entity.OccurredAt, e.Entity.Done)))
            .ToList();
    }
}
