namespace BizOSaaS.Hub.Contracts;

/// <summary>
/// A figure another service holds (a tenant's leads, its products). When that service could not be asked
/// or did not answer, <see cref="Value"/> is null and <see cref="Reason"/> says why: never a 0 that was not counted.
/// </summary>
public sealed record Figure(long? Value, bool Available, string? Reason)
{
    public static Figure Of(long value) => new(value, true, null);

    public static Figure Unavailable(string reason) => new(null, false, reason);
}

/// <summary>
/// A figure summed over tenants. <see cref="Value"/> is the sum over the <see cref="TenantsCounted"/> tenants
/// whose figure is available (null when none is); <see cref="Complete"/> says whether that is all of them,
/// and <see cref="Reason"/> names the ones missing.
/// </summary>
public sealed record FigureTotal(long? Value, bool Complete, int TenantsCounted, int TenantsTotal, string? Reason)
{
    public static FigureTotal Sum(IReadOnlyList<(string Tenant, Figure Figure)> parts)
    {
        var counted = parts.Where(p => p.Figure.Available).ToList();
        var missing = parts.Where(p => !p.Figure.Available).ToList();
        return new FigureTotal(
            counted.Count == 0 ? null : counted.Sum(p => p.Figure.Value!.Value),
            missing.Count == 0,
            counted.Count,
            parts.Count,
            missing.Count == 0 ? null : string.Join(" ", missing.GroupBy(p => p.Figure.Reason)
                .Select(reason => $"{string.Join(", ", reason.Select(p => p.Tenant))}: {reason.Key}")));
    }
}

/// <summary>
/// One tenant as the platform sees it: registry facts from hubdb, sign-ins from its audit log (last
/// <see cref="SignInWindowDays"/> days) and the figures its services hold. <see cref="DemoLeads"/> are the leads
/// crm generated as Development demo data (included in <see cref="Leads"/>); <see cref="NewLeads"/> were created
/// in the last 30 days (<see cref="NewLeadsPerDay"/>, oldest first); <see cref="PendingApprovals"/> wait in the tenant's queue now and
/// <see cref="DecidedApprovals"/> ended in the sign-in window; <see cref="LeadsByStatus"/> and
/// <see cref="NewLeadsPerDay"/> are null when the leads are unavailable.
/// </summary>
public sealed record TenantFigures(
    Guid TenantId, string Slug, string Name, string Industry, string PlanId, string PlanName, string Status, DateTimeOffset? TrialEndsAt,
    DateTimeOffset CreatedAt, int Members, int TenantAdmins, int MaxUsers, int SignIns, int FailedSignIns,
    Figure Leads, Figure DemoLeads, Figure NewLeads, IReadOnlyDictionary<string, long>? LeadsByStatus, IReadOnlyList<DailyLeadCount>? NewLeadsPerDay,
    Figure Products, int PendingApprovals, IReadOnlyDictionary<string, int> PendingApprovalsByPriority, int DecidedApprovals)
{
    public const int SignInWindowDays = 30;
}

/// <summary>How many tenants (and their members) are on a plan; every plan is listed, also those with none.</summary>
public sealed record PlanShare(string PlanId, string Name, int MaxUsers, int Tenants, int Members);

/// <summary>The platform's totals. <see cref="LeadsByStatus"/> and <see cref="NewLeadsPerDay"/> (last 30 days) are summed
/// over the tenants <see cref="Leads"/> counted; <see cref="Orders"/> and <see cref="RevenueByCurrency"/> are the last
/// <see cref="RevenueBreakdownResponse.Window"/> days' net sales (see <see cref="RevenueBreakdownResponse"/>).</summary>
public sealed record PlatformTotals(
    int Tenants, int ActiveTenants, int TrialTenants, int SuspendedTenants, int Users, int PlatformAdmins, int Memberships,
    int SignIns, int FailedSignIns, FigureTotal Leads, FigureTotal DemoLeads, FigureTotal NewLeads,
    IReadOnlyDictionary<string, long> LeadsByStatus, IReadOnlyList<DailyLeadCount> NewLeadsPerDay, FigureTotal Products,
    int PendingApprovals, IReadOnlyDictionary<string, int> PendingApprovalsByPriority, int DecidedApprovals,
    FigureTotal Orders, IReadOnlyList<CurrencyRevenue> RevenueByCurrency);

public sealed record CrossPlatformMetricsResponse(
    DateTimeOffset GeneratedAt, int SignInWindowDays, PlatformTotals Totals, IReadOnlyList<TenantFigures> Tenants, IReadOnlyList<PlanShare> Plans);

public sealed record AllPlatformStatsResponse(DateTimeOffset GeneratedAt, IReadOnlyList<TenantFigures> Tenants);

public sealed record DailySignIns(DateOnly Day, int SignIns, int Failed, int Refused, int LockedOut);

/// <summary>Sign-in outcomes per tenant; <see cref="TenantId"/> is null for the platform's own events
/// (platform staff, and failures for addresses no account has).</summary>
public sealed record TenantSignIns(Guid? TenantId, string Name, int SignIns, int Failed, int Refused, int LockedOut, int ActiveUsers);

public sealed record SignInEvent(DateTimeOffset OccurredAt, string Type, Guid? TenantId, string TenantName, string? Email, string Detail, string? IpAddress);

/// <summary>Sign-ins and failures over the last <see cref="Days"/> days (UTC days, oldest first), per tenant, and the latest events.</summary>
public sealed record UserActivityResponse(
    DateTimeOffset GeneratedAt, int Days, int SignIns, int FailedSignIns, int RefusedSignIns, int LockOuts, int ActiveUsers,
    IReadOnlyList<DailySignIns> Daily, IReadOnlyList<TenantSignIns> Tenants, IReadOnlyList<SignInEvent> Recent);

/// <summary>One tenant's net sales over the breakdown's days, in its store's currency; <see cref="Revenue"/>,
/// <see cref="Currency"/> and <see cref="AverageOrderValue"/> are null when commerce could not be asked
/// (<see cref="Orders"/> says why).</summary>
public sealed record TenantRevenue(Guid TenantId, string Name, string PlanId, string PlanName, string? Currency, decimal? Revenue, Figure Orders,
    decimal? AverageOrderValue, Figure Products);

/// <summary>Net sales in one currency, summed over the tenants whose stores sell in it.</summary>
public sealed record CurrencyRevenue(string Currency, decimal Revenue, long Orders, int Tenants);

/// <summary>
/// Revenue by tenant and plan over the last <see cref="Days"/> days, live from commerce's orders: net sales (order totals
/// less refunds; cancelled orders left out), per currency since each store sells in its own; orders and products are
/// counted per tenant, and a tenant commerce could not answer for is named in the totals' reasons, never counted as 0.
/// </summary>
public sealed record RevenueBreakdownResponse(
    DateTimeOffset GeneratedAt, int Days, IReadOnlyList<CurrencyRevenue> RevenueByCurrency, FigureTotal Orders, FigureTotal Products,
    IReadOnlyList<TenantRevenue> Tenants, IReadOnlyList<PlanShare> Plans)
{
    public const int Window = 30;
}

/// <summary>One measure over the last <see cref="AnalyticsSummaryResponse.Days"/> days and the same number of days before.</summary>
public sealed record PeriodCount(int Current, int Previous);

/// <summary>Growth and activity now against the period before, plus the current totals.</summary>
public sealed record AnalyticsSummaryResponse(
    DateTimeOffset GeneratedAt, int Days, int Tenants, int Users, FigureTotal Leads, FigureTotal Products,
    PeriodCount NewTenants, PeriodCount NewUsers, PeriodCount NewMemberships, PeriodCount SignIns, PeriodCount FailedSignIns, PeriodCount ActiveUsers);

public sealed record HealthCheckEntry(string Name, string Status, double DurationMs, string? Description);

/// <summary>
/// One running thing as the hub sees it: a replica of a service (probed at its own /health, found through
/// service discovery), a web app (at the origin registered for its sign-in), the hub itself, or PostgreSQL and
/// Redis (as the hub's own health checks see them, with what every other replica's checks said beside it).
/// </summary>
public sealed record ResourceHealth(
    string Name, string Service, string Kind, string Status, string? Address, double? ResponseMs, IReadOnlyList<HealthCheckEntry> Checks,
    string? Error, string SeenBy, IReadOnlyList<DependencyObservation> AlsoSeenBy);

/// <summary>What one replica's health check said about PostgreSQL or Redis.</summary>
public sealed record DependencyObservation(string Resource, string Check, string Status);

public sealed record SystemHealthResponse(string Status, DateTimeOffset CheckedAt, int Healthy, int Total, IReadOnlyList<ResourceHealth> Resources);

public sealed record DailyLeadCount(DateOnly Day, long Count);
