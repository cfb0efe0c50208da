using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Tenancy;

/// <summary>A tenant admin's team: list, add (an existing account or a new one), change roles, remove —
/// always in the tenant their token acts for, within the plan's user limit.</summary>
public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/brain/tenant/members").WithTags("Tenants").RequireAuthorization(PlatformPolicies.TenantAdmin, PlatformPolicies.TenantUser);
        api.MapGet("/", ListMembers).WithSummary("The members of the caller's tenant and the plan's user limit.");
        api.MapPost("/", AddMember).WithSummary("Adds an account to the tenant, creating it when it is new; 409 past the plan's user limit.");
        api.MapPut("/{userId:guid}", ChangeRole).WithSummary("Changes a member's role (tenant_admin or member).");
        api.MapDelete("/{userId:guid}", RemoveMember).WithSummary("Removes a member from the tenant (the account stays).");
        return app;
    }

    private static async Task<Ok<MembersResponse>> ListMembers(ClaimsPrincipal user, HubDb db, CancellationToken cancellationToken)
    {
        var tenant = await TenantOf(user, db, cancellationToken);
        var members = await db.Memberships.AsNoTracking().Include(m => m.User)
            .Where(m => m.TenantId == tenant.Id).OrderBy(m => m.CreatedAt)
            .Select(m => new MemberResponse(m.UserId, m.User!.Email, m.User.DisplayName, m.Role, m.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new MembersResponse(tenant.Id, tenant.Plan!.Id, tenant.Plan.MaxUsers, Math.Max(0, tenant.Plan.MaxUsers - members.Count), members));
    }

    private static async Task<Results<Created<MemberResponse>, ValidationProblem, ProblemHttpResult>> AddMember(
        AddMemberRequest request, ClaimsPrincipal user, HubDb db, AuditLog audit, IPasswordHasher<UserAccount> hasher, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var email = UserAccount.Normalize(request.Email ?? "");
        if (email.Length is 0 or > 320 || !new EmailAddressAttribute().IsValid(email))
        {
            errors.Add("email", "email must be a valid email address.");
        }
        if (request.Role is not (PlatformRoles.TenantAdmin or PlatformRoles.Member))
        {
            errors.Add("role", "role must be tenant_admin or member.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var tenant = await TenantOf(user, db, cancellationToken);
        var account = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (account is null)
        {
            if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > 200)
            {
                errors.Add("displayName", "A new account needs a display name of at most 200 characters.");
            }
            if (request.Password is null || request.Password.Length < 8 || request.Password.Length > 200)
            {
                errors.Add("password", "A new account needs a password of 8 to 200 characters.");
            }
            if (errors.Any)
            {
                return errors.ToProblem();
            }
            account = new UserAccount { Id = Guid.CreateVersion7(), Email = email, DisplayName = request.DisplayName!.Trim(), PasswordHash = "", CreatedAt = DateTimeOffset.UtcNow };
            account.PasswordHash = hasher.HashPassword(account, request.Password!);
            db.Users.Add(account);
        }
        else if (await db.Memberships.AnyAsync(m => m.TenantId == tenant.Id && m.UserId == account.Id, cancellationToken))
        {
            return Conflict("Already a member", $"{email} is already a member of {tenant.Name}.");
        }

        // Serialize additions per tenant so two at once cannot both take the last seat.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Tenants.FromSql($"SELECT * FROM tenants WHERE id = {tenant.Id} FOR UPDATE").ToListAsync(cancellationToken);
        var count = await db.Memberships.CountAsync(m => m.TenantId == tenant.Id, cancellationToken);
        if (count >= tenant.Plan!.MaxUsers)
        {
            return Conflict("Plan user limit reached",
                $"The {tenant.Plan.Name} plan allows {tenant.Plan.MaxUsers} users and {tenant.Name} has {count}. Upgrade the plan or remove a member first.");
        }
        var membership = new Membership { UserId = account.Id, TenantId = tenant.Id, Role = request.Role!, CreatedAt = DateTimeOffset.UtcNow };
        db.Memberships.Add(membership);
        await audit.RecordAsync(tenant.Id, AuditEventTypes.MemberAdded, $"{email} joined {tenant.Name} as {request.Role}",
            await TenantApi.CallerAsync(user, db, cancellationToken), account, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/brain/tenant/members/{account.Id}",
            new MemberResponse(account.Id, account.Email, account.DisplayName, membership.Role, membership.CreatedAt));
    }

    private static async Task<Results<Ok<MemberResponse>, ValidationProblem, ProblemHttpResult>> ChangeRole(
        Guid userId, ChangeRoleRequest request, ClaimsPrincipal user, HubDb db, AuditLog audit, CancellationToken cancellationToken)
    {
        if (request.Role is not (PlatformRoles.TenantAdmin or PlatformRoles.Member))
        {
            return FieldErrors.Of("role", "role must be tenant_admin or member.").ToProblem();
        }
        var tenant = await TenantOf(user, db, cancellationToken);
        var membership = await db.Memberships.Include(m => m.User).FirstOrDefaultAsync(m => m.TenantId == tenant.Id && m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return MemberNotFound();
        }
        if (membership.Role == PlatformRoles.TenantAdmin && request.Role != PlatformRoles.TenantAdmin && await IsLastAdminAsync(db, tenant.Id, cancellationToken))
        {
            return Conflict("Last tenant admin", $"{membership.User!.Email} is the last tenant admin of {tenant.Name}; make someone else admin first.");
        }
        var before = membership.Role;
        membership.Role = request.Role!;
        await audit.RecordAsync(tenant.Id, AuditEventTypes.RoleChanged, $"{membership.User!.Email}: {before} → {request.Role}",
            await TenantApi.CallerAsync(user, db, cancellationToken), membership.User, cancellationToken);
        return TypedResults.Ok(new MemberResponse(userId, membership.User.Email, membership.User.DisplayName, membership.Role, membership.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        Guid userId, ClaimsPrincipal user, HubDb db, AuditLog audit, CancellationToken cancellationToken)
    {
        var tenant = await TenantOf(user, db, cancellationToken);
        var membership = await db.Memberships.Include(m => m.User).FirstOrDefaultAsync(m => m.TenantId == tenant.Id && m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return MemberNotFound();
        }
        if (membership.Role == PlatformRoles.TenantAdmin && await IsLastAdminAsync(db, tenant.Id, cancellationToken))
        {
            return Conflict("Last tenant admin", $"{membership.User!.Email} is the last tenant admin of {tenant.Name}; make someone else admin first.");
        }
        db.Memberships.Remove(membership);
        await audit.RecordAsync(tenant.Id, AuditEventTypes.MemberRemoved, $"{membership.User!.Email} left {tenant.Name}",
            await TenantApi.CallerAsync(user, db, cancellationToken), membership.User, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Tenant> TenantOf(ClaimsPrincipal user, HubDb db, CancellationToken cancellationToken) =>
        await db.Tenants.Include(t => t.Plan).FirstAsync(t => t.Id == user.TenantId(), cancellationToken);

    private static async Task<bool> IsLastAdminAsync(HubDb db, Guid tenantId, CancellationToken cancellationToken) =>
        await db.Memberships.CountAsync(m => m.TenantId == tenantId && m.Role == PlatformRoles.TenantAdmin, cancellationToken) <= 1;

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    private static ProblemHttpResult MemberNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Member not found", detail: "That account is not a member of your tenant.");
}
