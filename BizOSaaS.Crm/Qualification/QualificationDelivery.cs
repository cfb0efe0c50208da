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

    protected override async Task<ApprovalSubmission> SubmissionAsync(CrmDb db, QualificationRequest request, CancellationToken cancellationToken)
    {
        var score = await db.Leads.Where(l => l.Id == request.LeadId).Select(l => l.Score).FirstOrDefaultAsync(cancellationToken);
        return new ApprovalSubmission(QualificationOutbox.ApprovalType, QualificationOutbox.PriorityFor(score), request.Title, request.Summary,
            request.Payload.RootElement, "crm", request.IdempotencyKey, "crm lead scoring");
    }
}
