namespace BizOSaaS.Hub.Tenancy;

/// <summary>A business on the platform. Part of the platform's registry, not tenant-owned data.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public required string Industry { get; set; }
    public required string PlanId { get; set; }
    public Plan? Plan { get; set; }
    public TenantStatus Status { get; set; } = TenantStatus.Active;
    public DateTimeOffset? TrialEndsAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether its people may sign in now: active, or a trial that has not ended.</summary>
    public bool IsOpen(DateTimeOffset now) =>
        Status == TenantStatus.Active || (Status == TenantStatus.Trial && (TrialEndsAt is null || TrialEndsAt > now));

    public string ClosedReason(DateTimeOffset now) => Status switch
    {
        TenantStatus.Suspended => $"{Name} is suspended. Ask the platform's support to reactivate it.",
        TenantStatus.Trial when TrialEndsAt <= now => $"The trial of {Name} ended on {TrialEndsAt:yyyy-MM-dd}. Choose a plan to continue.",
        _ => $"{Name} is open.",
    };
}

public enum TenantStatus
{
    Active,
    Trial,
    Suspended,
}
