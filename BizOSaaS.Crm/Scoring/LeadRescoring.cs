using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Scoring;

/// <summary>
/// Scores every lead of a tenant again after its scoring settings changed, in the background and in batches
/// (the request that changed them answers at once). The request is a stored time, so a restart resumes it;
/// it is cleared only if the settings did not change again meanwhile.
/// </summary>
public sealed class LeadRescoring(IServiceProvider services, TenantContext tenantContext, TimeProvider clock, ILogger<LeadRescoring> logger) : BackgroundService
{
    public const int BatchSize = 500;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RescoreRequestedAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Rescoring leads failed; retrying on the next tick.");
            }
        }
    }

    private async Task RescoreRequestedAsync(CancellationToken cancellationToken)
    {
        List<Guid> tenants;
        await using (var scope = services.CreateAsyncScope())
        {
            tenants = await scope.ServiceProvider.GetRequiredService<CrmDb>().Set<KnownTenant>().AsNoTracking().Select(t => t.TenantId).ToListAsync(cancellationToken);
        }
        foreach (var tenantId in tenants)
        {
            using (tenantContext.Use(tenantId))
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CrmDb>();
                var requested = await db.ScoringSettings.AsNoTracking().Select(s => s.RescoreRequestedAt).FirstOrDefaultAsync(cancellationToken);
                // Leads written before scoring existed (an upgraded database) get their first score too.
                var unscoredOnly = requested is null;
                if (unscoredOnly && !await db.Leads.AnyAsync(l => l.ScoredAt == null, cancellationToken))
                {
                    continue;
                }
                // One replica takes it on; a claim that ran out (its replica died) is taken over.
                var now = clock.GetUtcNow();
                if (await db.ScoringSettings.Where(s => s.RescoreClaimedUntil == null || s.RescoreClaimedUntil < now)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RescoreClaimedUntil, now + ClaimFor), cancellationToken) == 0)
                {
                    continue;
                }
                var count = await RescoreTenantAsync(scope.ServiceProvider, unscoredOnly, cancellationToken);
                var cleared = unscoredOnly ? 1 : await db.ScoringSettings.Where(s => s.RescoreRequestedAt == requested)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RescoreRequestedAt, (DateTimeOffset?)null), cancellationToken);
                await db.ScoringSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.RescoreClaimedUntil, (DateTimeOffset?)null), cancellationToken);
                await scope.ServiceProvider.GetRequiredService<ScoringSettingsStore>().InvalidateAsync(cancellationToken);
                await scope.ServiceProvider.GetRequiredService<TenantCache>().InvalidateAsync(Apis.LeadsApi.LeadsTag, cancellationToken);
                logger.LogInformation("Scored {Count} leads of tenant {Tenant} {Why}{Again}", count, tenantId,
                    unscoredOnly ? "that had no score yet" : "with its new settings", cleared == 0 ? "; they changed again, so once more" : "");
            }
        }
    }

    private async Task<int> RescoreTenantAsync(IServiceProvider scoped, bool unscoredOnly, CancellationToken cancellationToken)
    {
        var db = scoped.GetRequiredService<CrmDb>();
        var store = scoped.GetRequiredService<ScoringSettingsStore>();
        var scorer = scoped.GetRequiredService<LeadScorer>();
        await store.InvalidateAsync(cancellationToken);
        var settings = await db.ScoringSettings.AsNoTracking().FirstAsync(cancellationToken);
        var count = 0;
        (DateTimeOffset CreatedAt, Guid Id)? after = null;
        while (true)
        {
            var query = unscoredOnly ? db.Leads.Where(l => l.ScoredAt == null) : db.Leads.AsQueryable();
            if (after is { } last)
            {
                query = query.Where(l => EF.Functions.GreaterThan(ValueTuple.Create(l.CreatedAt, l.Id), ValueTuple.Create(last.CreatedAt, last.Id)));
            }
            var leads = await query.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (leads.Count == 0)
            {
                return count;
            }
            var ids = leads.Select(l => l.Id).ToList();
            var activities = (await db.Activities.AsNoTracking().Where(a => a.LeadId != null && ids.Contains(a.LeadId.Value))
                .Select(a => new { LeadId = a.LeadId!.Value, a.Kind, a.OccurredAt, a.Done }).ToListAsync(cancellationToken))
                .ToLookup(a => a.LeadId, a => new EngagementEvent(a.Kind, a.OccurredAt, a.Done));
            var now = clock.GetUtcNow();
            foreach (var lead in leads)
            {
                await scorer.ApplyAsync(lead, LeadScoring.Score(LeadScorer.ProfileOf(lead), activities[lead.Id], settings, now), settings, raiseQualification: !lead.IsDemo, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            count += leads.Count;
            after = (leads[^1].CreatedAt, leads[^1].Id);
        }
    }
}
