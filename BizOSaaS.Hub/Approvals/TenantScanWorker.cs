using System.Threading.Channels;
using BizOSaaS.Hub.Data;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// Background work over every tenant's rows: there is no request and so no tenant, and row-level security
/// shows nothing without one, so each scan walks the <c>tenants</c> table and works inside each tenant's
/// <see cref="TenantContext"/>, one DI scope (and DbContext) per tenant. Runs every interval, or at once when woken.
/// </summary>
public abstract class TenantScanWorker(IServiceProvider services, TenantContext tenants, ILogger logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected abstract TimeSpan Interval { get; }

    /// <summary>Scan now rather than at the next interval (e.g. a decision just wrote a callback).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected abstract Task ScanTenantAsync(IServiceProvider scoped, Guid tenantId, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be restarting; the next scan tries again, and nothing was lost (it is all in rows).
                logger.LogWarning(ex, "{Worker} scan failed; trying again in {Interval}.", GetType().Name, Interval);
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(Interval);
            try
            {
                await _wake.Reader.WaitToReadAsync(wait.Token);
                _wake.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The interval passed.
            }
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        List<Guid> tenantIds;
        await using (var registry = services.CreateAsyncScope())
        {
            tenantIds = await registry.ServiceProvider.GetRequiredService<HubDb>().Tenants.AsNoTracking()
                .OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(cancellationToken);
        }
        foreach (var tenantId in tenantIds)
        {
            using (tenants.Use(tenantId))
            {
                await using var scope = services.CreateAsyncScope();
                try
                {
                    await ScanTenantAsync(scope.ServiceProvider, tenantId, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // One tenant's failure does not hold up the others.
                    logger.LogWarning(ex, "{Worker} scan of tenant {TenantId} failed.", GetType().Name, tenantId);
                }
            }
        }
    }
}
