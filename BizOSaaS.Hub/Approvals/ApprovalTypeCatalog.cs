using BizOSaaS.Hub.Data;
using BizOSaaS.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// Registers the platform's built-in approval types when they are missing, in every environment. Further
/// types are registered by platform admins through the API; nothing here changes a row that exists.
/// </summary>
public sealed class ApprovalTypeCatalog(IServiceProvider services, TimeProvider clock) : IHostedService
{
    public static IReadOnlyList<(string Name, string DisplayName, string ExpiryPolicy, TimeSpan ExpiresAfter)> BuiltIn { get; } =
    [
        ("product_sourcing", "Product sourcing", ApprovalExpiryPolicies.Expire, TimeSpan.FromDays(7)),
        ("lead_qualification", "Lead qualification", ApprovalExpiryPolicies.Expire, TimeSpan.FromDays(7)),
        // Generated content and campaign changes nobody approved must not go out: not deciding means no.
        ("content_generation", "Content generation", ApprovalExpiryPolicies.AutoReject, TimeSpan.FromDays(3)),
        ("campaign_optimization", "Campaign optimization", ApprovalExpiryPolicies.AutoReject, TimeSpan.FromDays(2)),
        ("supplier_validation", "Supplier validation", ApprovalExpiryPolicies.Expire, TimeSpan.FromDays(14)),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();
        var stored = await db.ApprovalTypes.Select(t => t.Name).ToListAsync(cancellationToken);
        foreach (var (name, displayName, policy, expiresAfter) in BuiltIn.Where(t => !stored.Contains(t.Name)))
        {
            db.ApprovalTypes.Add(new ApprovalType
            {
                Name = name,
                DisplayName = displayName,
                ExpiryPolicy = policy,
                ExpiresAfter = expiresAfter,
                CandidateRoles = [PlatformRoles.TenantAdmin],
                BuiltIn = true,
                CreatedAt = clock.GetUtcNow(),
            });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another hub replica registered them at the same moment; anything else is a real failure.
            db.ChangeTracker.Clear();
            if (await db.ApprovalTypes.CountAsync(t => t.BuiltIn, cancellationToken) < BuiltIn.Count)
            {
                throw;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
