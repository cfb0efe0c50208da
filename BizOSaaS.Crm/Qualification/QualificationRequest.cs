using BizOSaaS.Platform.Data.Approvals;

namespace BizOSaaS.Crm.Qualification;

/// <summary>
/// The outbox of lead-qualification approval requests: written in the same transaction as the score that crossed the
/// tenant's high-value threshold, delivered to the hub's approval queue until it accepts it, then updated when the
/// decision comes back. None is lost if the hub is away.
/// </summary>
public sealed class QualificationRequest : OutboxApprovalRequest
{
    public Guid LeadId { get; set; }
}
