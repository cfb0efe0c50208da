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

    public Task<ApiResult<CrossPlatformMetricsResponse>> GetCrossPlatformAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<CrossPlatformMetricsResponse>("/api/brain/admin/metrics/cross-platform", cancellationToken);

    public Task<ApiResult<AllPlatformStatsResponse>> GetAllPlatformsAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<AllPlatformStatsResponse>("/api/brain/admin/platforms/all/stats", cancellationToken);

    public Task<ApiResult<SystemHealthResponse>> GetSystemHealthAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<SystemHealthResponse>("/api/brain/admin/system/health", cancellationToken);

    public Task<ApiResult<UserActivityResponse>> GetUserActivityAsync(int days, CancellationToken cancellationToken) =>
        hub.GetAsync<UserActivityResponse>($"/api/brain/admin/users/activity?days={days}", cancellationToken);

    public Task<ApiResult<RevenueBreakdownResponse>> GetRevenueAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<RevenueBreakdownResponse>("/api/brain/admin/revenue/breakdown", cancellationToken);

    public Task<ApiResult<AnalyticsSummaryResponse>> GetSummaryAsync(int days, CancellationToken cancellationToken) =>
        hub.GetAsync<AnalyticsSummaryResponse>($"/api/brain/admin/analytics/summary?days={days}", cancellationToken);

    public Task<ApiResult<TenantResponse>> ChangePlanAsync(Guid tenantId, string planId, CancellationToken cancellationToken) =>
        hub.SendAsync<TenantResponse>(HttpMethod.Put, $"/api/brain/tenant/{tenantId}/plan", new TenantPlanRequest(planId), cancellationToken);

    /// <summary><paramref name="status"/> is <c>active</c> or <c>suspended</c>.</summary>
    public Task<ApiResult<TenantResponse>> ChangeStatusAsync(Guid tenantId, string status, CancellationToken cancellationToken) =>
        hub.SendAsync<TenantResponse>(HttpMethod.Put, $"/api/brain/tenant/{tenantId}/status", new TenantStatusRequest(status, null), cancellationToken);

    /// <summary>The newest audit entry of <paramref name="type"/> for the tenant: what an action just recorded.</summary>
    public async Task<ApiResult<AuditEventResponse>> GetLatestAuditEntryAsync(Guid tenantId, string type, CancellationToken cancellationToken)
    {
        var result = await hub.GetAsync<List<AuditEventResponse>>($"/api/brain/audit?tenantId={tenantId}&type={Uri.EscapeDataString(type)}&limit=1", cancellationToken);
        return result.Succeeded
            ? result.Value is [var entry, ..] ? new ApiResult<AuditEventResponse>(entry, null) : new ApiResult<AuditEventResponse>(null, "The audit log has no entry for that change yet.", 404)
            : new ApiResult<AuditEventResponse>(null, result.Error, result.Status);
    }
}
