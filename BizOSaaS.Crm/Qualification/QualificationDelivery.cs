using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Approvals;
using BizOSaaS.Platform.Data.Approvals;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BizOSaaS.Crm.Qualification;

/// <summary>Delivers the crm's lead-qualification requests to the hub's approval queue, for each tenant the crm knows, with
/// the priority the lead's score has when it is sent.</summary>
public sealed class QualificationDelivery(IServiceProvider services, TenantContext tenantContext, TimeProvider clock,
    IOptions<ApprovalOutboxOptions> options, ILogger<QualificationDelivery> logger)
    : ApprovalOutboxDelivery<CrmDb, QualificationRequest>(services, tenantContext, clock, options, logger)
{
    protected override string Table => "qualification_requests";

    protected override IQueryable<Guid> Tenants(CrmDb db) => db.Set<KnownTenant>().AsNoTracking().Select(t => t.TenantId);

    protected override async Task<IReadOnlyList<ApprovalSubmission>> SubmissionsAsync(CrmDb db, IReadOnlyList<QualificationRequest> due, CancellationToken cancellationToken)
    {
        var leadIds = due.Select(q => q.LeadId).ToList();
        var scores = await db.Leads.Where(l => leadIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Score, cancellationToken);
        return due.Select(request => new ApprovalSubmission(QualificationOutbox.ApprovalType, QualificationOutbox.PriorityFor(scores.GetValueOrDefault(request.LeadId)),
            request.Title, request.Summary, request.Payload.RootElement, "crm", request.IdempotencyKey, "crm lead scoring")).ToList();
    }
}
