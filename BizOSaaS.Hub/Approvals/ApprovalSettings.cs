using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// A tenant's due times per priority. Versioned: every change adds a row and the newest one applies, so the
/// table also says who changed the policy and when. A tenant without a row uses <see cref="ApprovalRules.DefaultDueAfter"/>.
/// </summary>
public sealed class ApprovalSettings : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public TimeSpan UrgentDueAfter { get; set; }
    public TimeSpan HighDueAfter { get; set; }
    public TimeSpan MediumDueAfter { get; set; }
    public TimeSpan LowDueAfter { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public required string ChangedBy { get; set; }

    public TimeSpan DueAfter(ApprovalPriority priority) => priority switch
    {
        ApprovalPriority.Urgent => UrgentDueAfter,
        ApprovalPriority.High => HighDueAfter,
        ApprovalPriority.Medium => MediumDueAfter,
        _ => LowDueAfter,
    };
}
