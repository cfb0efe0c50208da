using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Hub.Audit;

/// <summary>Something that happened that someone may have to answer for later. Tenant-owned; events with no
/// tenant of their own (a sign-in failure for an unknown address) belong to <see cref="AuditLog.PlatformTenantId"/>.</summary>
public sealed class AuditEvent : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>e.g. <c>sign_in.succeeded</c>; see <see cref="AuditEventTypes"/>.</summary>
    public required string Type { get; set; }
    public Guid? ActorUserId { get; set; }
    public string? ActorEmail { get; set; }
    public Guid? SubjectUserId { get; set; }
    public string? SubjectEmail { get; set; }
    public required string Detail { get; set; }
    public string? IpAddress { get; set; }
}

public static class AuditEventTypes
{
    public const string SignInSucceeded = "sign_in.succeeded";
    public const string SignInFailed = "sign_in.failed";
    public const string SignInRefused = "sign_in.refused";
    public const string LockedOut = "sign_in.locked_out";
    public const string TenantSwitched = "tenant.switched";
    public const string TenantStatusChanged = "tenant.status_changed";
    public const string TenantPlanChanged = "tenant.plan_changed";
    public const string MemberAdded = "membership.added";
    public const string MemberRemoved = "membership.removed";
    public const string RoleChanged = "membership.role_changed";
    public const string CrossTenantRead = "platform.cross_tenant_read";
    public const string CacheDropped = "platform.cache_dropped";
    public const string ApprovalCreated = "approval.created";
    public const string ApprovalDecided = "approval.decided";
    public const string ApprovalCancelled = "approval.cancelled";
    public const string ApprovalEscalated = "approval.escalated";
    public const string ApprovalExpired = "approval.expired";
    public const string ApprovalSettingsChanged = "approval.settings_changed";
    public const string ApprovalTypeRegistered = "platform.approval_type_registered";
}
