using BizOSaaS.Commerce.Data;
using BizOSaaS.Platform.Approvals;
using BizOSaaS.Platform.Data.Approvals;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BizOSaaS.Commerce.Approvals;

/// <summary>Delivers commerce's supplier-validation and product-sourcing requests to the hub's approval queue, for each
/// tenant that has raised one.</summary>
public sealed class ApprovalRequestDelivery(IServiceProvider services, TenantContext tenantContext, TimeProvider clock,
    IOptions<ApprovalOutboxOptions> options, ILogger<ApprovalRequestDelivery> logger)
    : ApprovalOutboxDelivery<CommerceDb, ApprovalOutboxItem>(services, tenantContext, clock, options, logger)
{
    protected override string Table => "approval_outbox";

    protected override IQueryable<Guid> Tenants(CommerceDb db) => db.KnownTenants.AsNoTracking().Select(t => t.TenantId);

    protected override Task<IReadOnlyList<ApprovalSubmission>> SubmissionsAsync(CommerceDb db, IReadOnlyList<ApprovalOutboxItem> due, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ApprovalSubmission>>(due.Select(request => new ApprovalSubmission(request.Type, request.Priority, request.Title, request.Summary,
            request.Payload.RootElement, "commerce", request.IdempotencyKey,
            request.Type == ApprovalOutbox.ProductSourcing ? "commerce sourcing" : "commerce supplier review")).ToList());
}
