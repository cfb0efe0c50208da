using System.Security.Claims;
using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Tenancy;

/// <summary>Tenants, at the paths the earlier platform's users know (<c>/api/brain/tenant/...</c>).</summary>
public static class TenantApi
{
    public static IEndpointRouteBuilder MapTenantApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/brain/tenant").WithTags("Tenants").RequireAuthorization();
        api.MapGet("/current", GetCurrent).RequireAuthorization(PlatformPolicies.TenantUser)
            .WithSummary("The tenant the caller's token acts for, with its plan and the caller's role.");
        api.MapGet("/people", ListPeople).RequireAuthorization(PlatformPolicies.TenantUser)
            .WithSummary("The people of the caller's tenant (id, name, email, role), for owner and assignee pickers; any member may read it.");
        api.MapGet("/list/all", ListTenants)
            .WithSummary("Platform admins: every tenant. Everyone else: the tenants they belong to.");
        api.MapGet("/{id:guid}", GetTenant).WithSummary("A tenant the caller belongs to (platform admins: any).");
        api.MapGet("/{id:guid}/stats", GetStats).WithSummary("Members, plan limits and sign-ins of a tenant.");
        api.MapPut("/{id:guid}/status", ChangeStatus).RequireAuthorization(PlatformPolicies.PlatformAdmin).RequireRateLimiting(RateLimitTiers.Admin)
            .WithSummary("Activate, start a trial or suspend a tenant (platform admins; audited).");
        api.MapPut("/{id:guid}/plan", ChangePlan).RequireAuthorization(PlatformPolicies.PlatformAdmin).RequireRateLimiting(RateLimitTiers.Admin)
            .WithSummary("Move a tenant to another plan (platform admins; audited).");
        return app;
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetCurrent(
        ClaimsPrincipal user, HubDb db, CancellationToken cancellationToken)
    {
        var tenantId = user.TenantId()!.Value;
        var membership = await db.Memberships.AsNoTracking().Include(m => m.Tenant).ThenInclude(t => t!.Plan)
            .FirstOrDefaultAsync(m => m.TenantId == tenantId && m.UserId == user.UserId(), cancellationToken);
        return membership is null
            ? TenantNotFound()
            : TypedResults.Ok(TenantResponse.From(membership.Tenant!, membership.Role));
    }

    private static async Task<Ok<List<PersonResponse>>> ListPeople(ClaimsPrincipal user, HubDb db, CancellationToken cancellationToken)
    {
        var tenantId = user.TenantId()!.Value;
        return TypedResults.Ok(await db.Memberships.AsNoTracking().Where(m => m.TenantId == tenantId).OrderBy(m => m.User!.DisplayName)
            .Select(m => new PersonResponse(m.UserId, m.User!.DisplayName, m.User.Email, m.Role)).ToListAsync(cancellationToken));
    }

    private static async Task<Ok<List<TenantResponse>>> ListTenants(ClaimsPrincipal user, HubDb db, CancellationToken cancellationToken)
    {
        if (user.IsPlatformAdmin())
        {
            var all = await db.Tenants.AsNoTracking().Include(t => t.Plan).OrderBy(t => t.Name).ToListAsync(cancellationToken);
            var mine = await db.Memberships.AsNoTracking().Where(m => m.UserId == user.UserId()).ToDictionaryAsync(m => m.TenantId, m => m.Role, cancellationToken);
            return TypedResults.Ok(all.Select(t => TenantResponse.From(t, mine.GetValueOrDefault(t.Id))).ToList());
        }
        var memberships = await db.Memberships.AsNoTracking().Include(m => m.Tenant).ThenInclude(t => t!.Plan)
            .Where(m => m.UserId == user.UserId()).OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(memberships.Select(m => TenantResponse.From(m.Tenant!, m.Role)).ToList());
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetTenant(
        Guid id, ClaimsPrincipal user, HubDb db, CancellationToken cancellationToken)
    {
        var tenant = await VisibleTenantAsync(id, user, db, cancellationToken);
        if (tenant is null)
        {
            return TenantNotFound();
        }
        var role = await db.Memberships.Where(m => m.TenantId == id && m.UserId == user.UserId()).Select(m => m.Role).FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(TenantResponse.From(tenant, role));
    }

    private static async Task<Results<Ok<TenantStatsResponse>, ProblemHttpResult>> GetStats(
        Guid id, ClaimsPrincipal user, HubDb db, AuditLog audit, CrmLeadCounter leads, CancellationToken cancellationToken)
    {
        var tenant = await VisibleTenantAsync(id, user, db, cancellationToken);
        if (tenant is null)
        {
            return TenantNotFound();
        }
        var roles = await db.Memberships.Where(m => m.TenantId == id).Select(m => m.Role).ToListAsync(cancellationToken);
        var since = DateTimeOffset.UtcNow.AddDays(-30);
        Func<HubDb, Task<List<string>>> signInTypes = tenantDb => tenantDb.AuditEvents
            .Where(e => e.OccurredAt >= since && (e.Type == AuditEventTypes.SignInSucceeded || e.Type == AuditEventTypes.SignInFailed))
            .Select(e => e.Type).ToListAsync(cancellationToken);

        List<string> signIns;
        long? leadCount = null;
        if (user.TenantId() == id)
        {
            // The caller's own tenant: its row-level security scope is the caller's.
            signIns = await signInTypes(db);
            // The CRM answers with the caller's own token, so it counts this tenant's leads only.
            leadCount = await leads.CountAsync(cancellationToken);
        }
        else
        {
            signIns = await audit.ReadAcrossTenantsAsync(await CallerAsync(user, db, cancellationToken), $"Stats of {tenant.Name}", [id], signInTypes, cancellationToken);
        }

        var members = roles.Count;
        return TypedResults.Ok(new TenantStatsResponse(id, tenant.Name, members, roles.Count(r => r == PlatformRoles.TenantAdmin),
            tenant.Plan!.MaxUsers, Math.Max(0, tenant.Plan.MaxUsers - members), tenant.Plan.AgentRunsPerMonth,
            signIns.Count(t => t == AuditEventTypes.SignInSucceeded), signIns.Count(t => t == AuditEventTypes.SignInFailed), leadCount));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult, ValidationProblem>> ChangeStatus(
        Guid id, TenantStatusRequest request, ClaimsPrincipal user, HubDb db, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<TenantStatus>(request.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(request.Status, out _))
        {
            return FieldErrors.Of("status", "status must be active, trial or suspended.").ToProblem();
        }
        if (status == TenantStatus.Trial && request.TrialEndsAt is null)
        {
            return FieldErrors.Of("trialEndsAt", "A trial needs the date it ends.").ToProblem();
        }
        var tenant = await db.Tenants.Include(t => t.Plan).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tenant is null)
        {
            return TenantNotFound();
        }
        var before = tenant.Status;
        tenant.Status = status;
        tenant.TrialEndsAt = status == TenantStatus.Trial ? request.TrialEndsAt : null;
        await audit.RecordAsync(id, AuditEventTypes.TenantStatusChanged, $"{tenant.Name}: {before} → {status}",
            await CallerAsync(user, db, cancellationToken), cancellationToken: cancellationToken);
        return TypedResults.Ok(TenantResponse.From(tenant, null));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult, ValidationProblem>> ChangePlan(
        Guid id, TenantPlanRequest request, ClaimsPrincipal user, HubDb db, AuditLog audit, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Id == request.PlanId, cancellationToken);
        if (plan is null)
        {
            return FieldErrors.Of("planId", $"planId must be one of: {string.Join(", ", Plan.All.Select(p => p.Id))}.").ToProblem();
        }
        var tenant = await db.Tenants.Include(t => t.Plan).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tenant is null)
        {
            return TenantNotFound();
        }
        var members = await db.Memberships.CountAsync(m => m.TenantId == id, cancellationToken);
        if (members > plan.MaxUsers)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many members for that plan", detail: $"{tenant.Name} has {members} members; the {plan.Name} plan allows {plan.MaxUsers}. Remove members first.");
        }
        var before = tenant.Plan!.Name;
        tenant.PlanId = plan.Id;
        tenant.Plan = plan;
        await audit.RecordAsync(id, AuditEventTypes.TenantPlanChanged, $"{tenant.Name}: {before} → {plan.Name}",
            await CallerAsync(user, db, cancellationToken), cancellationToken: cancellationToken);
        return TypedResults.Ok(TenantResponse.From(tenant, null));
    }

    /// <summary>A tenant the caller belongs to, or any tenant for a platform admin; otherwise nothing (404, never 403,
    /// so ids of other tenants reveal nothing).</summary>
    private static async Task<Tenant?> VisibleTenantAsync(Guid id, ClaimsPrincipal user, HubDb db, CancellationToken cancellationToken)
    {
        var visible = user.IsPlatformAdmin() || await db.Memberships.AnyAsync(m => m.TenantId == id && m.UserId == user.UserId(), cancellationToken);
        return visible ? await db.Tenants.AsNoTracking().Include(t => t.Plan).FirstOrDefaultAsync(t => t.Id == id, cancellationToken) : null;
    }

    internal static async Task<UserAccount> CallerAsync(ClaimsPrincipal user, HubDb db, CancellationToken cancellationToken) =>
        await db.Users.FirstAsync(u => u.Id == user.UserId(), cancellationToken);

    internal static ProblemHttpResult TenantNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Tenant not found", detail: "There is no tenant with that id that you can see.");
}
