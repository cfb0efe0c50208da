using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Seed;

/// <summary>
/// The tenants and people a developer signs in with (README, "Development sign-ins"). Applied only when
/// the environment is Development, never in Production; adds what is missing and changes nothing else.
/// </summary>
public sealed class DevelopmentSeed(IServiceProvider services, IHostEnvironment environment) : IHostedService
{
    public const string Password = "Passw0rd!";

    private static readonly (Guid Id, string Slug, string Name, string Industry, string Plan)[] Tenants =
    [
        (DevelopmentTenants.CorelDove, "coreldove", "CorelDove", "E-commerce", Plan.Enterprise),
        (DevelopmentTenants.Bizoholic, "bizoholic", "Bizoholic", "Marketing", Plan.Professional),
        (DevelopmentTenants.ThrillRing, "thrillring", "ThrillRing", "Gaming", Plan.Professional),
    ];

    private static readonly (string Email, string Name, bool PlatformAdmin, (Guid Tenant, string Role)[] Memberships)[] People =
    [
        ("admin@bizosaas.dev", "Platform Admin", true, []),
        ("admin@coreldove.dev", "CorelDove Admin", false, [(DevelopmentTenants.CorelDove, PlatformRoles.TenantAdmin)]),
        ("admin@bizoholic.dev", "Bizoholic Admin", false, [(DevelopmentTenants.Bizoholic, PlatformRoles.TenantAdmin)]),
        ("admin@thrillring.dev", "ThrillRing Admin", false, [(DevelopmentTenants.ThrillRing, PlatformRoles.TenantAdmin)]),
        ("member@coreldove.dev", "CorelDove Member", false, [(DevelopmentTenants.CorelDove, PlatformRoles.Member)]),
        ("multi@bizosaas.dev", "Multi Tenant", false, [(DevelopmentTenants.CorelDove, PlatformRoles.Member), (DevelopmentTenants.Bizoholic, PlatformRoles.Member)]),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<UserAccount>>();
        var now = DateTimeOffset.UtcNow;

        var existingTenants = await db.Tenants.Select(t => t.Id).ToListAsync(cancellationToken);
        foreach (var (id, slug, name, industry, plan) in Tenants.Where(t => !existingTenants.Contains(t.Id)))
        {
            db.Tenants.Add(new Tenant { Id = id, Slug = slug, Name = name, Industry = industry, PlanId = plan, CreatedAt = now });
        }

        var existingUsers = await db.Users.Select(u => u.Email).ToListAsync(cancellationToken);
        var order = 0;
        foreach (var (email, name, platformAdmin, memberships) in People.Where(p => !existingUsers.Contains(p.Email)))
        {
            var user = new UserAccount { Id = Guid.CreateVersion7(), Email = email, DisplayName = name, PasswordHash = "", IsPlatformAdmin = platformAdmin, CreatedAt = now };
            user.PasswordHash = hasher.HashPassword(user, Password);
            // Joined in the order listed, so a person in several tenants starts in the first.
            user.Memberships.AddRange(memberships.Select(m => new Membership { TenantId = m.Tenant, Role = m.Role, CreatedAt = now.AddSeconds(order++) }));
            db.Users.Add(user);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another hub replica may have seeded at the same moment; anything else is a real failure.
            db.ChangeTracker.Clear();
            if (!await db.Users.AnyAsync(u => u.Email == People[0].Email, cancellationToken))
            {
                throw;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
