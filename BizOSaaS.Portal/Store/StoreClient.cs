using System.Text;
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

    public Task<ApiResult<List<ProductResponse>>> ProductsAsync(string? q, CancellationToken cancellationToken) =>
        hub.GetAsync<List<ProductResponse>>($"{Base}/products?limit=200" + (q is { Length: > 0 } ? $"&q={Uri.EscapeDataString(q)}" : ""), cancellationToken);

    /// <summary>Stock rows per variant and warehouse (the API's first page).</summary>
    public Task<ApiResult<List<StockResponse>>> StockAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<StockResponse>>($"{Base}/stock", cancellationToken);

    public Task<ApiResult<List<SupplierResponse>>> SuppliersAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<SupplierResponse>>($"{Base}/suppliers", cancellationToken);

    public Task<ApiResult<List<SourcingCandidateResponse>>> CandidatesAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<SourcingCandidateResponse>>($"{Base}/sourcing/candidates", cancellationToken);

    public Task<ApiResult<SourcingSettingsResponse>> SourcingSettingsAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<SourcingSettingsResponse>($"{Base}/sourcing/settings", cancellationToken);

    public Task<ApiResult<List<WarehouseResponse>>> WarehousesAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<WarehouseResponse>>($"{Base}/warehouses", cancellationToken);

    /// <summary>An order action without a body: confirm, cancel or return.</summary>
    public Task<ApiResult<OrderResponse>> ActAsync(Guid orderId, string action, CancellationToken cancellationToken) =>
        hub.SendAsync<OrderResponse>(HttpMethod.Post, $"{Base}/orders/{orderId}/{action}", null, cancellationToken);

    /// <summary>Ships every line's unshipped quantity from one warehouse.</summary>
    public Task<ApiResult<OrderResponse>> ShipRestAsync(OrderResponse order, Guid warehouseId, CancellationToken cancellationToken) =>
        hub.SendAsync<OrderResponse>(HttpMethod.Post, $"{Base}/orders/{order.Id}/fulfillments", new FulfillmentRequest(warehouseId,
            order.Lines.Where(l => l.Quantity > l.QuantityFulfilled).Select(l => new FulfillmentLineRequest(l.Id, l.Quantity - l.QuantityFulfilled)).ToList()), cancellationToken);

    public Task<ApiResult<OrderResponse>> MarkPaidAsync(Guid orderId, Guid paymentId, CancellationToken cancellationToken) =>
        hub.SendAsync<OrderResponse>(HttpMethod.Post, $"{Base}/orders/{orderId}/payments/{paymentId}/mark-paid", null, cancellationToken);

    public Task<ApiResult<OrderResponse>> RefundAsync(Guid orderId, decimal amount, string? reason, CancellationToken cancellationToken) =>
        hub.SendAsync<OrderResponse>(HttpMethod.Post, $"{Base}/orders/{orderId}/refunds", new RefundRequest(amount, reason), cancellationToken);

    public Task<ApiResult<StoreSettingsResponse>> StoreSettingsAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<StoreSettingsResponse>($"{Base}/store/settings", cancellationToken);

    public Task<ApiResult<List<VoucherResponse>>> VouchersAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<VoucherResponse>>($"{Base}/vouchers", cancellationToken);

    public Task<ApiResult<VoucherResponse>> CreateVoucherAsync(VoucherRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<VoucherResponse>(HttpMethod.Post, $"{Base}/vouchers", request, cancellationToken);

    public Task<ApiResult<WarehouseResponse>> CreateWarehouseAsync(WarehouseRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<WarehouseResponse>(HttpMethod.Post, $"{Base}/warehouses", request, cancellationToken);

    /// <summary>Adds to or takes from a variant's stock in a warehouse; the answer is the stock row as it now is.</summary>
    public Task<ApiResult<StockResponse>> ChangeStockAsync(StockChangeRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<StockResponse>(HttpMethod.Post, $"{Base}/stock/changes", request, cancellationToken);

    public Task<ApiResult<List<ProductTypeResponse>>> ProductTypesAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<ProductTypeResponse>>($"{Base}/product-types", cancellationToken);

    public Task<ApiResult<ProductTypeResponse>> CreateProductTypeAsync(ProductTypeRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<ProductTypeResponse>(HttpMethod.Post, $"{Base}/product-types", request, cancellationToken);

    public Task<ApiResult<ProductResponse>> CreateProductAsync(ProductRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<ProductResponse>(HttpMethod.Post, $"{Base}/products", request, cancellationToken);

    /// <summary>Replaces the product's own fields (not its variants): the request carries every one of them.</summary>
    public Task<ApiResult<ProductResponse>> UpdateProductAsync(Guid productId, ProductRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<ProductResponse>(HttpMethod.Put, $"{Base}/products/{productId}", request, cancellationToken);

    /// <summary>Replaces a variant's fields: the request carries every one of them.</summary>
    public Task<ApiResult<VariantResponse>> UpdateVariantAsync(Guid productId, Guid variantId, VariantRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<VariantResponse>(HttpMethod.Put, $"{Base}/products/{productId}/variants/{variantId}", request, cancellationToken);

    public Task<ApiResult<SupplierResponse>> CreateSupplierAsync(SupplierRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<SupplierResponse>(HttpMethod.Post, $"{Base}/suppliers", request, cancellationToken);

    /// <summary>Adds a document to a supplier; the answer is the supplier as reviewed again.</summary>
    public Task<ApiResult<SupplierResponse>> AddSupplierDocumentAsync(Guid supplierId, SupplierDocumentRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<SupplierResponse>(HttpMethod.Post, $"{Base}/suppliers/{supplierId}/documents", request, cancellationToken);

    /// <summary>Imports a supplier's feed from CSV text (a header row, then one product per row); the service reads only text/csv.</summary>
    public Task<ApiResult<FeedImportResult>> ImportFeedCsvAsync(Guid supplierId, string csv, CancellationToken cancellationToken) =>
        hub.SendAsync<FeedImportResult>(HttpMethod.Post, $"{Base}/suppliers/{supplierId}/feed/csv", new StringContent(csv, Encoding.UTF8, "text/csv"), cancellationToken);

    public Task<ApiResult<FeedImportResult>> ImportFeedFromUrlAsync(Guid supplierId, string url, CancellationToken cancellationToken) =>
        hub.SendAsync<FeedImportResult>(HttpMethod.Post, $"{Base}/suppliers/{supplierId}/feed/url", new SupplierFeedUrlRequest(url.Trim()), cancellationToken);
}
