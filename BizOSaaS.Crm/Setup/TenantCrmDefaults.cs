using System.Collections.Concurrent;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Deals;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Crm.Setup;

/// <summary>
/// What every tenant starts with, written the first time the tenant uses the crm, all in one transaction:
/// scoring settings with the default weights, the default lead sources and a default sales pipeline. A tenant
/// may change or remove them afterwards; they are never written again.
/// </summary>
public sealed class TenantCrmDefaults(CrmDb db, TenantContext tenant, TimeProvider clock, TenantCrmDefaults.Ready ready)
{
    /// <summary>Tenants this process has seen set up, so the check costs one query per tenant and process.</summary>
    public sealed class Ready
    {
        internal readonly ConcurrentDictionary<Guid, bool> Tenants = new();
    }

    public static readonly (string Name, string Kind, int Probability)[] DefaultStages =
    [
        ("Prospecting", StageKinds.Open, 10), ("Qualification", StageKinds.Open, 25), ("Proposal", StageKinds.Open, 50),
        ("Negotiation", StageKinds.Open, 75), ("Won", StageKinds.Won, 100), ("Lost", StageKinds.Lost, 0),
    ];

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var tenantId = tenant.RequiredTenantId;
        if (ready.Tenants.ContainsKey(tenantId))
        {
            return;
        }
        if (!await db.ScoringSettings.AnyAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            db.ScoringSettings.Add(new ScoringSettings { TenantId = tenantId, UpdatedAt = now });
            db.Set<KnownTenant>().Add(new KnownTenant { TenantId = tenantId, Since = now });
            db.LeadSources.AddRange(LeadSource.Defaults.Select(s => new LeadSource { Id = Guid.CreateVersion7(), Key = s.Key, Label = s.Label, CreatedAt = now }));
            var pipeline = new Pipeline { Id = Guid.CreateVersion7(), Name = "Sales", IsDefault = true, CreatedAt = now };
            pipeline.Stages.AddRange(DefaultStages.Select((s, i) => new PipelineStage
            {
                Id = Guid.CreateVersion7(),
                PipelineId = pipeline.Id,
                Name = s.Name,
                Kind = s.Kind,
                Probability = s.Probability,
                Position = i,
            }));
            db.Pipelines.Add(pipeline);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another request or replica set the tenant up at the same moment; its defaults stand.
                db.ChangeTracker.Clear();
            }
        }
        ready.Tenants[tenantId] = true;
    }
}
