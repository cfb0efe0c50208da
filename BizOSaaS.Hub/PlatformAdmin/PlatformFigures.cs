using BizOSaaS.Commerce.Contracts;
using BizOSaaS.Hub.Approvals;
using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.PlatformAdmin;

/// <summary>
/// The figures of the admin console, computed from live data on every call: the registry (tenants, plans,
/// people, memberships) from hubdb; sign-ins from each tenant's audit log through the audited cross-tenant
/// path, and so are the approval queues; leads, products and sales from crm and commerce, asked once per tenant with a service token acting for
/// it, which is audited as a cross-tenant read too.
/// </summary>
public sealed class PlatformFigures(HubDb db, AuditLog audit, TenantServiceReads services, TimeProvider clock)
{
    private static readonly string[] SignInTypes =
        [AuditEventTypes.SignInSucceeded, AuditEventTypes.SignInFailed, AuditEventTypes.SignInRefused, AuditEventTypes.LockedOut];

    private const string PlatformName = "Platform (no tenant)";

    public async Task<CrossPlatformMetricsResponse> CrossPlatformAsync(UserAccount admin, CancellationToken cancellationToken)
    {
        var tenants = await TenantsAsync(cancellationToken);
        var figures = await FiguresAsync(admin, tenants, "Cross-platform metrics", cancellationToken);
        var sales = await SalesAsync(admin, tenants, figures.ToDictionary(f => f.TenantId, f => f.Products), cancellationToken);
        var users = await db.Users.AsNoTracking().CountAsync(cancellationToken);
        var platformAdmins = await db.Users.AsNoTracking().CountAsync(u => u.IsPlatformAdmin, cancellationToken);
        var totals = new PlatformTotals(
            figures.Count,
            figures.Count(f => f.Status == Status(TenantStatus.Active)),
            figures.Count(f => f.Status == Status(TenantStatus.Trial)),
            figures.Count(f => f.Status == Status(TenantStatus.Suspended)),
            users,
            platformAdmins,
            figures.Sum(f => f.Members),
            figures.Sum(f => f.SignIns),
            figures.Sum(f => f.FailedSignIns),
            FigureTotal.Sum([.. figures.Select(f => (f.Name, f.Leads))]),
            FigureTotal.Sum([.. figures.Select(f => (f.Name, f.DemoLeads))]),
            FigureTotal.Sum([.. figures.Select(f => (f.Name, f.NewLeads))]),
            LeadStatuses(figures),
            NewLeadsPerDay(figures),
            FigureTotal.Sum([.. figures.Select(f => (f.Name, f.Products))]),
            figures.Sum(f => f.PendingApprovals),
            Enum.GetValues<ApprovalPriority>().ToDictionary(p => p.Name(), p => figures.Sum(f => f.PendingApprovalsByPriority.GetValueOrDefault(p.Name()))),
            figures.Sum(f => f.DecidedApprovals),
            FigureTotal.Sum([.. sales.Rows.Select(r => (r.Name, r.Orders))]),
            sales.ByCurrency);
        return new CrossPlatformMetricsResponse(clock.GetUtcNow(), TenantFigures.SignInWindowDays, totals, figures, await PlanSharesAsync(figures, cancellationToken));
    }

    public async Task<AllPlatformStatsResponse> AllTenantsAsync(UserAccount admin, CancellationToken cancellationToken)
    {
        var tenants = await TenantsAsync(cancellationToken);
        return new AllPlatformStatsResponse(clock.GetUtcNow(), await FiguresAsync(admin, tenants, "Stats of every tenant", cancellationToken));
    }

    /// <summary>One tenant by its slug or id; null when there is none.</summary>
    public async Task<TenantFigures?> TenantAsync(UserAccount admin, string platform, CancellationToken cancellationToken)
    {
        var slug = platform.Trim().ToLowerInvariant();
        var tenant = Guid.TryParse(platform, out var id)
            ? await db.Tenants.AsNoTracking().Include(t => t.Plan).FirstOrDefaultAsync(t => t.Id == id, cancellationToken)
            : await db.Tenants.AsNoTracking().Include(t => t.Plan).FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        return tenant is null ? null : (await FiguresAsync(admin, [tenant], $"Stats of {tenant.Name}", cancellationToken)).Single();
    }

    public async Task<UserActivityResponse> UserActivityAsync(UserAccount admin, int days, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var firstDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - days);
        var since = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var tenants = await TenantsAsync(cancellationToken);
        var names = tenants.ToDictionary(t => t.Id, t => t.Name);
        names[AuditLog.PlatformTenantId] = PlatformName;

        var rows = await audit.ReadAcrossTenantsAsync(admin, $"User activity, last {days} days", [.. names.Keys], tenantDb => tenantDb.AuditEvents.AsNoTracking()
            .Where(e => e.OccurredAt >= since && SignInTypes.Contains(e.Type))
            .Select(e => new SignInRow(e.TenantId, e.OccurredAt, e.Type, e.SubjectUserId, e.SubjectEmail ?? e.ActorEmail, e.Detail, e.IpAddress))
            .ToListAsync(cancellationToken), cancellationToken);

        var daily = Enumerable.Range(0, days).Select(firstDay.AddDays).Select(day =>
        {
            var ofDay = rows.Where(r => DateOnly.FromDateTime(r.OccurredAt.UtcDateTime) == day).ToList();
            return new DailySignIns(day, Count(ofDay, AuditEventTypes.SignInSucceeded), Count(ofDay, AuditEventTypes.SignInFailed),
                Count(ofDay, AuditEventTypes.SignInRefused), Count(ofDay, AuditEventTypes.LockedOut));
        }).ToList();
        var perTenant = names.Select(n =>
        {
            var ofTenant = rows.Where(r => r.TenantId == n.Key).ToList();
            return new TenantSignIns(n.Key == AuditLog.PlatformTenantId ? null : n.Key, n.Value, Count(ofTenant, AuditEventTypes.SignInSucceeded),
                Count(ofTenant, AuditEventTypes.SignInFailed), Count(ofTenant, AuditEventTypes.SignInRefused), Count(ofTenant, AuditEventTypes.LockedOut),
                ActiveUsers(ofTenant));
        }).OrderBy(t => t.TenantId is null).ThenBy(t => t.Name).ToList();
        var recent = rows.OrderByDescending(r => r.OccurredAt).Take(25).Select(r => new SignInEvent(r.OccurredAt, r.Type,
            r.TenantId == AuditLog.PlatformTenantId ? null : r.TenantId, names.GetValueOrDefault(r.TenantId, PlatformName), r.Email, r.Detail, r.IpAddress)).ToList();

        return new UserActivityResponse(now, days, Count(rows, AuditEventTypes.SignInSucceeded), Count(rows, AuditEventTypes.SignInFailed),
            Count(rows, AuditEventTypes.SignInRefused), Count(rows, AuditEventTypes.LockedOut), ActiveUsers(rows), daily, perTenant, recent);
    }

    public async Task<RevenueBreakdownResponse> RevenueAsync(UserAccount admin, CancellationToken cancellationToken)
    {
        var tenants = await TenantsAsync(cancellationToken);
        var (rows, byCurrency) = await SalesAsync(admin, tenants, null, cancellationToken);
        var members = await MembersByTenantAsync(cancellationToken);
        var shares = await PlanSharesAsync(tenants.Select(t => (t.PlanId, members.GetValueOrDefault(t.Id).Total)).ToList(), cancellationToken);
        return new RevenueBreakdownResponse(clock.GetUtcNow(), RevenueBreakdownResponse.Window, byCurrency,
            FigureTotal.Sum([.. rows.Select(r => (r.Name, r.Orders))]), FigureTotal.Sum([.. rows.Select(r => (r.Name, r.Products))]), rows, shares);
    }

    /// <summary>commerce's sales of every tenant, and its product counts unless they were read already, asked in parallel;
    /// one audit event. Revenue is summed per currency over the tenants that answered.</summary>
    private async Task<(List<TenantRevenue> Rows, List<CurrencyRevenue> ByCurrency)> SalesAsync(
        UserAccount admin, IReadOnlyList<Tenant> tenants, Dictionary<Guid, Figure>? productCounts, CancellationToken cancellationToken)
    {
        var productsRead = productCounts is null ? services.ReadAsync<CountBody>(ServiceQuery.ProductCount, tenants, cancellationToken) : null;
        var salesRead = services.ReadAsync<RevenueStats>(ServiceQuery.Sales, tenants, cancellationToken);
        var products = productCounts ?? Counts(await productsRead!);
        var sales = await salesRead;
        await RecordServiceReadAsync(admin, productCounts is null ? [ServiceQuery.Sales, ServiceQuery.ProductCount] : [ServiceQuery.Sales], tenants.Count, cancellationToken);
        var rows = tenants.Select(t => sales[t.Id].Value is { } stats
            ? new TenantRevenue(t.Id, t.Name, t.PlanId, t.Plan!.Name, stats.Currency, stats.Revenue, Figure.Of(stats.Orders), stats.AverageOrderValue, products[t.Id])
            : new TenantRevenue(t.Id, t.Name, t.PlanId, t.Plan!.Name, null, null, Figure.Unavailable(sales[t.Id].Reason!), null, products[t.Id])).ToList();
        var byCurrency = rows.Where(r => r.Revenue is not null).GroupBy(r => r.Currency!)
            .Select(g => new CurrencyRevenue(g.Key, g.Sum(r => r.Revenue!.Value), g.Sum(r => r.Orders.Value ?? 0), g.Count()))
            .OrderByDescending(c => c.Revenue).ThenBy(c => c.Currency, StringComparer.Ordinal).ToList();
        return (rows, byCurrency);
    }

    public async Task<AnalyticsSummaryResponse> SummaryAsync(UserAccount admin, int days, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var start = now.AddDays(-days);
        var previousStart = now.AddDays(-2 * days);
        var tenants = await TenantsAsync(cancellationToken);

        var tenantDates = tenants.Select(t => t.CreatedAt).ToList();
        var userDates = await db.Users.AsNoTracking().Where(u => u.CreatedAt >= previousStart).Select(u => u.CreatedAt).ToListAsync(cancellationToken);
        var membershipDates = await db.Memberships.AsNoTracking().Where(m => m.CreatedAt >= previousStart).Select(m => m.CreatedAt).ToListAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().CountAsync(cancellationToken);

        var ids = await audit.AllTenantIdsAsync(cancellationToken);
        var signIns = await audit.ReadAcrossTenantsAsync(admin, $"Analytics summary, last {days} days", ids, tenantDb => tenantDb.AuditEvents.AsNoTracking()
            .Where(e => e.OccurredAt >= previousStart && (e.Type == AuditEventTypes.SignInSucceeded || e.Type == AuditEventTypes.SignInFailed))
            .Select(e => new SignInRow(e.TenantId, e.OccurredAt, e.Type, e.SubjectUserId, null, "", null))
            .ToListAsync(cancellationToken), cancellationToken);
        var current = signIns.Where(r => r.OccurredAt >= start).ToList();
        var previous = signIns.Where(r => r.OccurredAt < start).ToList();

        var (leads, products) = await ReadServicesAsync(admin, tenants, cancellationToken);

        return new AnalyticsSummaryResponse(now, days, tenants.Count, users,
            FigureTotal.Sum([.. tenants.Select(t => (t.Name, leads[t.Id].Value is { } stats ? Figure.Of(stats.Total) : Figure.Unavailable(leads[t.Id].Reason!)))]),
            FigureTotal.Sum([.. tenants.Select(t => (t.Name, products[t.Id]))]),
            InPeriods(tenantDates, start, previousStart), InPeriods(userDates, start, previousStart), InPeriods(membershipDates, start, previousStart),
            new PeriodCount(Count(current, AuditEventTypes.SignInSucceeded), Count(previous, AuditEventTypes.SignInSucceeded)),
            new PeriodCount(Count(current, AuditEventTypes.SignInFailed), Count(previous, AuditEventTypes.SignInFailed)),
            new PeriodCount(ActiveUsers(current), ActiveUsers(previous)));
    }

    private async Task<List<TenantFigures>> FiguresAsync(UserAccount admin, IReadOnlyList<Tenant> tenants, string purpose, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-TenantFigures.SignInWindowDays);
        var members = await MembersByTenantAsync(cancellationToken);
        var signIns = await audit.ReadAcrossTenantsAsync(admin, purpose, [.. tenants.Select(t => t.Id)], tenantDb => tenantDb.AuditEvents.AsNoTracking()
            .Where(e => e.OccurredAt >= since && (e.Type == AuditEventTypes.SignInSucceeded || e.Type == AuditEventTypes.SignInFailed))
            .GroupBy(e => new { e.TenantId, e.Type })
            .Select(g => new TypeCount(g.Key.TenantId, g.Key.Type, g.Count()))
            .ToListAsync(cancellationToken), cancellationToken);

        var approvals = await audit.ReadAcrossTenantsAsync(admin, purpose + " (approvals)", [.. tenants.Select(t => t.Id)], tenantDb => tenantDb.ApprovalRequests.AsNoTracking()
            .Where(r => r.Status == ApprovalStatus.Pending || r.DecidedAt >= since)
            .GroupBy(r => new { r.TenantId, r.Status, r.Priority })
            .Select(g => new ApprovalCount(g.Key.TenantId, g.Key.Status, g.Key.Priority, g.Count()))
            .ToListAsync(cancellationToken), cancellationToken);

        var (leads, products) = await ReadServicesAsync(admin, tenants, cancellationToken);

        return tenants.Select(t =>
        {
            var ofTenant = approvals.Where(a => a.TenantId == t.Id).ToList();
            var pending = ofTenant.Where(a => a.Status == ApprovalStatus.Pending).ToList();
            var (total, admins) = members.GetValueOrDefault(t.Id);
            int SignInsOf(string type) => signIns.Where(s => s.TenantId == t.Id && s.Type == type).Sum(s => s.Count);
            var lead = leads[t.Id];
            Figure LeadFigure(Func<LeadStats, long> pick) => lead.Value is { } stats ? Figure.Of(pick(stats)) : Figure.Unavailable(lead.Reason!);
            return new TenantFigures(t.Id, t.Slug, t.Name, t.Industry, t.PlanId, t.Plan!.Name, Status(t.Status), t.TrialEndsAt, t.CreatedAt,
                total, admins, t.Plan.MaxUsers, SignInsOf(AuditEventTypes.SignInSucceeded), SignInsOf(AuditEventTypes.SignInFailed),
                LeadFigure(stats => stats.Total), LeadFigure(stats => stats.Demo), LeadFigure(stats => stats.NewPerDay.Sum(d => d.Count)),
                lead.Value?.ByStatus, lead.Value?.NewPerDay.Select(d => new DailyLeadCount(d.Day, d.Count)).ToList(), products[t.Id],
                pending.Sum(a => a.Count), Enum.GetValues<ApprovalPriority>().ToDictionary(p => p.Name(), p => pending.Where(a => a.Priority == p).Sum(a => a.Count)),
                ofTenant.Where(a => a.Status != ApprovalStatus.Pending).Sum(a => a.Count));
        }).ToList();
    }

    /// <summary>crm's lead statistics and commerce's product counts of every tenant, asked in parallel; one audit event.</summary>
    private async Task<(Dictionary<Guid, TenantAnswer<LeadStats>> Leads, Dictionary<Guid, Figure> Products)> ReadServicesAsync(
        UserAccount admin, IReadOnlyList<Tenant> tenants, CancellationToken cancellationToken)
    {
        var leads = services.ReadAsync<LeadStats>(ServiceQuery.LeadStats, tenants, cancellationToken);
        var products = services.ReadAsync<CountBody>(ServiceQuery.ProductCount, tenants, cancellationToken);
        var answers = (await leads, Counts(await products));
        await RecordServiceReadAsync(admin, [ServiceQuery.LeadStats, ServiceQuery.ProductCount], tenants.Count, cancellationToken);
        return answers;
    }

    private static Dictionary<Guid, Figure> Counts(Dictionary<Guid, TenantAnswer<CountBody>> answers) =>
        answers.ToDictionary(a => a.Key, a => a.Value.Value is { } body ? Figure.Of(body.Count) : Figure.Unavailable(a.Value.Reason!));

    private static Dictionary<string, long> LeadStatuses(IReadOnlyList<TenantFigures> figures) =>
        figures.Where(f => f.LeadsByStatus is not null).SelectMany(f => f.LeadsByStatus!)
            .GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));

    private static List<DailyLeadCount> NewLeadsPerDay(IReadOnlyList<TenantFigures> figures) =>
        figures.Where(f => f.NewLeadsPerDay is not null).SelectMany(f => f.NewLeadsPerDay!)
            .GroupBy(d => d.Day).OrderBy(g => g.Key).Select(g => new DailyLeadCount(g.Key, g.Sum(d => d.Count))).ToList();

    /// <summary>The registry is not tenant-owned (ADR 5): reading it across tenants needs no audit event.</summary>
    private Task<List<Tenant>> TenantsAsync(CancellationToken cancellationToken) =>
        db.Tenants.AsNoTracking().Include(t => t.Plan).OrderBy(t => t.Name).ToListAsync(cancellationToken);

    private async Task<Dictionary<Guid, (int Total, int Admins)>> MembersByTenantAsync(CancellationToken cancellationToken) =>
        (await db.Memberships.AsNoTracking()
            .GroupBy(m => m.TenantId)
            .Select(g => new { TenantId = g.Key, Total = g.Count(), Admins = g.Count(m => m.Role == PlatformRoles.TenantAdmin) })
            .ToListAsync(cancellationToken))
        .ToDictionary(m => m.TenantId, m => (m.Total, m.Admins));

    private Task<List<PlanShare>> PlanSharesAsync(IReadOnlyList<TenantFigures> figures, CancellationToken cancellationToken) =>
        PlanSharesAsync(figures.Select(f => (f.PlanId, f.Members)).ToList(), cancellationToken);

    private async Task<List<PlanShare>> PlanSharesAsync(IReadOnlyList<(string PlanId, int Members)> tenants, CancellationToken cancellationToken)
    {
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.MaxUsers).ToListAsync(cancellationToken);
        return plans.Select(p => new PlanShare(p.Id, p.Name, p.MaxUsers, tenants.Count(t => t.PlanId == p.Id), tenants.Where(t => t.PlanId == p.Id).Sum(t => t.Members))).ToList();
    }

    /// <summary>Asking a service as each tenant is a cross-tenant read as much as reading their audit logs is.</summary>
    private Task RecordServiceReadAsync(UserAccount admin, ServiceQuery[] queries, int tenants, CancellationToken cancellationToken) =>
        audit.RecordAsync(null, AuditEventTypes.CrossTenantRead,
            $"Read {string.Join(" and ", queries.Select(q => $"{q.What} from {q.Service}"))} across {tenants} tenant(s)", admin,
            cancellationToken: cancellationToken);

    private static string Status(TenantStatus status) => status.ToString().ToLowerInvariant();

    private static int Count(IEnumerable<SignInRow> rows, string type) => rows.Count(r => r.Type == type);

    private static int ActiveUsers(IEnumerable<SignInRow> rows) =>
        rows.Where(r => r.Type == AuditEventTypes.SignInSucceeded && r.UserId is not null).Select(r => r.UserId).Distinct().Count();

    private static PeriodCount InPeriods(IEnumerable<DateTimeOffset> dates, DateTimeOffset start, DateTimeOffset previousStart)
    {
        var list = dates.ToList();
        return new PeriodCount(list.Count(d => d >= start), list.Count(d => d >= previousStart && d < start));
    }

    private sealed record TypeCount(Guid TenantId, string Type, int Count);

    private sealed record ApprovalCount(Guid TenantId, string Status, ApprovalPriority Priority, int Count);

    private sealed record SignInRow(Guid TenantId, DateTimeOffset OccurredAt, string Type, Guid? UserId, string? Email, string Detail, string? IpAddress);
}
