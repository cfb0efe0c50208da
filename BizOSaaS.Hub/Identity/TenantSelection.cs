using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Identity;

/// <summary>Which tenant a sign-in or a token acts for.</summary>
public sealed record TenantChoice(Tenant? Tenant, string? Role, string? Refusal, bool NotAMember = false)
{
    public bool Refused => Refusal is not null;
}

/// <summary>Picks the tenant a user acts for: the one asked for if they belong to it, otherwise the one
/// they joined first that is open. A suspended tenant or an ended trial is refused with the reason.</summary>
public sealed class TenantSelection(HubDb db, TimeProvider clock)
{
    public async Task<TenantChoice> ChooseAsync(UserAccount user, Guid? requested, CancellationToken cancellationToken)
    {
        var memberships = await db.Memberships.AsNoTracking()
            .Include(m => m.Tenant).ThenInclude(t => t!.Plan)
            .Where(m => m.UserId == user.Id)
            .OrderBy(m => m.CreatedAt)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();

        if (requested is { } tenantId)
        {
            var membership = memberships.FirstOrDefault(m => m.TenantId == tenantId);
            if (membership is null)
            {
                return new TenantChoice(null, null, "You are not a member of that tenant.", NotAMember: true);
            }
            return membership.Tenant!.IsOpen(now)
                ? new TenantChoice(membership.Tenant, membership.Role, null)
                : new TenantChoice(null, null, membership.Tenant.ClosedReason(now));
        }

        if (memberships.Count == 0)
        {
            return user.IsPlatformAdmin
                ? new TenantChoice(null, null, null)
                : new TenantChoice(null, null, "This account does not belong to any tenant yet.");
        }

        var open = memberships.FirstOrDefault(m => m.Tenant!.IsOpen(now));
        return open is not null
            ? new TenantChoice(open.Tenant, open.Role, null)
            : new TenantChoice(null, null, memberships[0].Tenant!.ClosedReason(now));
    }
}
