using BizOSaaS.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// The durable timers: every <see cref="ApprovalOptions.TimerInterval"/>, each tenant's pending requests past
/// their stored expiry or due date are acted on (<see cref="ApprovalQueue.RunTimersAsync"/>). No timer lives in
/// memory, so a hub that was stopped catches up at its first scan, and replicas scanning at once are kept
/// apart by the requests' row versions.
/// </summary>
public sealed class ApprovalTimers(IServiceProvider services, TenantContext tenants, IOptions<ApprovalOptions> options, ILogger<ApprovalTimers> logger)
    : TenantScanWorker(services, tenants, logger)
{
    protected override TimeSpan Interval => options.Value.TimerInterval;

    protected override async Task ScanTenantAsync(IServiceProvider scoped, Guid tenantId, CancellationToken cancellationToken)
    {
        var changed = await scoped.GetRequiredService<ApprovalQueue>().RunTimersAsync(cancellationToken);
        if (changed > 0)
        {
            logger.LogInformation("Approval timers changed {Count} request(s) of tenant {TenantId}.", changed, tenantId);
        }
    }
}
