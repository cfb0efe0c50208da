using BizOSaaS.Ui.PlatformApi;

namespace BizOSaaS.Admin.Platform;

/// <summary>
/// The console's calls to the hub, as the signed-in platform admin: the admin aggregation API, the tenant
/// actions (plan, suspend, reactivate; audited by the hub) and the audit entries they leave. Every answer is a
/// <see cref="ApiResult{T}"/>, so pages show a sentence instead of an exception.
/// </summary>
public sealed class AdminApiClient(PlatformApiClient hub)
{
    public const string TenantStatusChanged = "tenant.status_changed";
    public const string TenantPlanChanged = "tenant.plan_changed";

    public Task<ApiResult<CrossPlatformMetrics>> GetCrossPlatformAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<CrossPlatformMetrics>("/api/brain/admin/metrics/cross-platform", cancellationToken);

    public Task<ApiResult<AllPlatformStats>> GetAllPlatformsAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<AllPlatformStats>("/api/brain/admin/platforms/all/stats", cancellationToken);

    public Task<ApiResult<SystemHealthReport>> GetSystemHealthAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<SystemHealthReport>("/api/brain/admin/system/health", cancellationToken);

    public Task<ApiResult<UserActivityReport>> GetUserActivityAsync(int days, CancellationToken cancellationToken) =>
        hub.GetAsync<UserActivityReport>($"/api/brain/admin/users/activity?days={days}", cancellationToken);

    public Task<ApiResult<RevenueBreakdown>> GetRevenueAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<RevenueBreakdown>("/api/brain/admin/revenue/breakdown", cancellationToken);

    public Task<ApiResult<AnalyticsSummary>> GetSummaryAsync(int days, CancellationToken cancellationToken) =>
        hub.GetAsync<AnalyticsSummary>($"/api/brain/admin/analytics/summary?days={days}", cancellationToken);

    public Task<ApiResult<TenantInfo>> ChangePlanAsync(Guid tenantId, string planId, CancellationToken cancellationToken) =>
        hub.SendAsync<TenantInfo>(HttpMethod.Put, $"/api/brain/tenant/{tenantId}/plan", new { planId }, cancellationToken);

    /// <summary><paramref name="status"/> is <c>active</c> or <c>suspended</c>.</summary>
    public Task<ApiResult<TenantInfo>> ChangeStatusAsync(Guid tenantId, string status, CancellationToken cancellationToken) =>
        hub.SendAsync<TenantInfo>(HttpMethod.Put, $"/api/brain/tenant/{tenantId}/status", new { status }, cancellationToken);

    /// <summary>The newest audit entry of <paramref name="type"/> for the tenant: what an action just recorded.</summary>
    public async Task<ApiResult<AuditEntry>> GetLatestAuditEntryAsync(Guid tenantId, string type, CancellationToken cancellationToken)
    {
        var result = await hub.GetAsync<List<AuditEntry>>($"/api/brain/audit?tenantId={tenantId}&type={Uri.EscapeDataString(type)}&limit=1", cancellationToken);
        return result.Succeeded
            ? result.Value is [var entry, ..] ? new ApiResult<AuditEntry>(entry, null) : new ApiResult<AuditEntry>(null, "The audit log has no entry for that change yet.", 404)
            : new ApiResult<AuditEntry>(null, result.Error, result.Status);
    }
}
