using BizOSaaS.Hub.Data;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Tenancy;

/// <summary>Keeps the plans table equal to <see cref="Plan.All"/> in every environment: the plans and their
/// limits are part of the product, changed by a release, not by hand.</summary>
public sealed class PlanCatalog(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();
        var stored = await db.Plans.ToDictionaryAsync(p => p.Id, cancellationToken);
        foreach (var plan in Plan.All)
        {
            if (!stored.TryGetValue(plan.Id, out var row))
            {
                db.Plans.Add(row = new Plan { Id = plan.Id, Name = plan.Name });
            }
            row.Name = plan.Name;
            row.MaxUsers = plan.MaxUsers;
            row.AgentRunsPerMonth = plan.AgentRunsPerMonth;
            row.RateScale = plan.RateScale;
            row.Features = [.. plan.Features];
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another hub replica wrote the same plans at the same moment; anything else is a real failure.
            db.ChangeTracker.Clear();
            if (await db.Plans.CountAsync(cancellationToken) < Plan.All.Count)
            {
                throw;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
