using BizOSaaS.Commerce.Contracts;
using BizOSaaS.Ui.PlatformApi;

namespace BizOSaaS.Portal.Store;

/// <summary>The tenant's store (commerce) as the signed-in person, through the hub's gateway (<c>/api/brain/commerce/...</c>).</summary>
public sealed class StoreClient(PlatformApiClient hub)
{
    public const string Base = "/api/brain/commerce";

    public Task<ApiResult<RevenueStats>> StatsAsync(int days, CancellationToken cancellationToken) =>
        hub.GetAsync<RevenueStats>($"{Base}/orders/stats?days={days}", cancellationToken);

    public Task<ApiResult<List<OrderResponse>>> OrdersAsync(string? status, int limit, CancellationToken cancellationToken) =>
        hub.GetAsync<List<OrderResponse>>($"{Base}/orders?limit={limit}" + (status is null ? "" : $"&status={Uri.EscapeDataString(status)}"), cancellationToken);
}
