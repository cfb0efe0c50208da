namespace BizOSaaS.Admin.Platform;

// The hub's admin aggregation API as this app reads it (BizOSaaS.Hub/PlatformAdmin/AdminContracts.cs).

/// <summary>A figure another service holds; <see cref="Value"/> is null when it is unavailable, and <see cref="Reason"/> says why.</summary>
public sealed record Figure(long? Value, bool Available, string? Reason);

/// <summary>A figure summed over the <see cref="TenantsCounted"/> tenants whose figure is available.</summary>
public sealed record FigureTotal(long? Value, bool Complete, int TenantsCounted, int TenantsTotal, string? Reason);

public sealed record DailyLeadCount(DateOnly Day, long Count);

/// <summary>A tenant's figures; <see cref="DemoLeads"/> (Development demo data) are part of <see cref="Leads"/>.</summary>
public sealed record TenantFigures(
    Guid TenantId, string Slug, string Name, string Industry, string PlanId, string PlanName, string Status, DateTimeOffset? TrialEndsAt,
    DateTimeOffset CreatedAt, int Members, int TenantAdmins, int MaxUsers, int SignIns, int FailedSignIns,
    Figure Leads, Figure DemoLeads, Figure NewLeads, Dictionary<string, long>? LeadsByStatus, List<DailyLeadCount>? NewLeadsPerDay, Figure Products,
    int PendingApprovals, Dictionary<string, int> PendingApprovalsByPriority, int DecidedApprovals);

public sealed record PlanShare(string PlanId, string Name, int MaxUsers, int Tenants, int Members);

public sealed record PlatformTotals(
    int Tenants, int ActiveTenants, int TrialTenants, int SuspendedTenants, int Users, int PlatformAdmins, int Memberships,
    int SignIns, int FailedSignIns, FigureTotal Leads, FigureTotal DemoLeads, FigureTotal NewLeads,
    Dictionary<string, long> LeadsByStatus, List<DailyLeadCount> NewLeadsPerDay, FigureTotal Products,
    int PendingApprovals, Dictionary<string, int> PendingApprovalsByPriority, int DecidedApprovals);

public sealed record CrossPlatformMetrics(
    DateTimeOffset GeneratedAt, int SignInWindowDays, PlatformTotals Totals, List<TenantFigures> Tenants, List<PlanShare> Plans);

public sealed record AllPlatformStats(DateTimeOffset GeneratedAt, List<TenantFigures> Tenants);

public sealed record DailySignIns(DateOnly Day, int SignIns, int Failed, int Refused, int LockedOut);

public sealed record TenantSignIns(Guid? TenantId, string Name, int SignIns, int Failed, int Refused, int LockedOut, int ActiveUsers);

public sealed record SignInEvent(DateTimeOffset OccurredAt, string Type, Guid? TenantId, string TenantName, string? Email, string Detail, string? IpAddress);

public sealed record UserActivityReport(
    DateTimeOffset GeneratedAt, int Days, int SignIns, int FailedSignIns, int RefusedSignIns, int LockOuts, int ActiveUsers,
    List<DailySignIns> Daily, List<TenantSignIns> Tenants, List<SignInEvent> Recent);

public sealed record TenantRevenue(Guid TenantId, string Name, string PlanId, string PlanName, decimal Revenue, long Orders, Figure Products);

public sealed record RevenueBreakdown(
    DateTimeOffset GeneratedAt, decimal TotalRevenue, long Orders, bool OrdersAvailable, string Reason, FigureTotal Products,
    List<TenantRevenue> Tenants, List<PlanShare> Plans);

public sealed record PeriodCount(int Current, int Previous);

public sealed record AnalyticsSummary(
    DateTimeOffset GeneratedAt, int Days, int Tenants, int Users, FigureTotal Leads, FigureTotal Products,
    PeriodCount NewTenants, PeriodCount NewUsers, PeriodCount NewMemberships, PeriodCount SignIns, PeriodCount FailedSignIns, PeriodCount ActiveUsers);

public sealed record HealthCheckEntry(string Name, string Status, double DurationMs, string? Description);

public sealed record DependencyObservation(string Resource, string Check, string Status);

public sealed record ResourceHealth(
    string Name, string Service, string Kind, string Status, string? Address, double? ResponseMs, List<HealthCheckEntry> Checks,
    string? Error, string SeenBy, List<DependencyObservation> AlsoSeenBy);

public sealed record SystemHealthReport(string Status, DateTimeOffset CheckedAt, int Healthy, int Total, List<ResourceHealth> Resources);

/// <summary>An entry of the hub's audit log (<c>GET /api/brain/audit</c>).</summary>
public sealed record AuditEntry(Guid Id, Guid? TenantId, DateTimeOffset OccurredAt, string Type, string? ActorEmail, string? SubjectEmail, string Detail, string? IpAddress);
