using BizOSaaS.Commerce.Data;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BizOSaaS.Commerce.Suppliers;

public sealed class SupplierReviewOptions
{
    /// <summary>How often every supplier is reviewed again, so that a document that expires lowers its standing that day.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Reviews every supplier of every tenant with suppliers on a timer: documents expire without anyone writing
/// anything, and a supplier whose risk got worse than what was approved must stop feeding sourcing until a person looks.
/// Replicas may review at the same time; each supplier's row lock makes them take turns, and a second review finds
/// nothing new to ask.</summary>
public sealed class SupplierReviews(IServiceProvider services, TenantContext tenantContext, TimeProvider clock,
    IOptions<SupplierReviewOptions> options, ILogger<SupplierReviews> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReviewAllAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Reviewing suppliers failed; retrying on the next tick.");
            }
        }
    }

    private async Task ReviewAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDb>();
        var review = scope.ServiceProvider.GetRequiredService<SupplierReview>();
        var tenants = await db.KnownTenants.AsNoTracking().Select(t => t.TenantId).ToListAsync(cancellationToken);
        foreach (var tenantId in tenants)
        {
            using (tenantContext.Use(tenantId))
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var suppliers = await db.Suppliers.FromSql($"SELECT * FROM suppliers ORDER BY id FOR UPDATE").Include(s => s.Documents).ToListAsync(cancellationToken);
                var before = suppliers.ToDictionary(s => s.Id, s => (s.Status, s.RiskLevel));
                await review.ReviewAsync(suppliers, cancellationToken);
                foreach (var supplier in suppliers.Where(s => before[s.Id] != (s.Status, s.RiskLevel)))
                {
                    supplier.UpdatedAt = clock.GetUtcNow();
                    logger.LogInformation("Supplier {SupplierId} went from {Before} to {Status}, risk {Level}", supplier.Id, before[supplier.Id], supplier.Status, supplier.RiskLevel);
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }
}
