using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Hub.Approvals;

/// <summary>One state change of a request: its history, written in the same transaction as the change.</summary>
public sealed class ApprovalEvent : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RequestId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>See <see cref="ApprovalEventKinds"/>.</summary>
    public required string Kind { get; set; }
    public string? FromStatus { get; set; }
    public required string ToStatus { get; set; }
    public ApprovalPriority? FromPriority { get; set; }
    public ApprovalPriority? ToPriority { get; set; }

    /// <summary>An email, a service's client id (with its agent), or <see cref="ApprovalRules.SystemActor"/>.</summary>
    public required string Actor { get; set; }
    public Guid? ActorUserId { get; set; }
    public string? Comment { get; set; }
}

public static class ApprovalEventKinds
{
    public const string Created = "created";
    public const string Claimed = "claimed";
    public const string Unclaimed = "unclaimed";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string ChangesRequested = "changes_requested";
    public const string Escalated = "escalated";
    public const string Expired = "expired";
    public const string AutoRejected = "auto_rejected";
    public const string Cancelled = "cancelled";
}
