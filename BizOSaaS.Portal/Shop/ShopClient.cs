using BizOSaaS.Commerce.Contracts;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.RateLimiting;
using BizOSaaS.Ui.PlatformApi;
using Microsoft.Extensions.Caching.Memory;

namespace BizOSaaS.Portal.Shop;

/// <summary>
/// A tenant's public shop for its anonymous shoppers: which tenant a slug is (the hub's public lookup, kept a minute), and
/// the store's storefront endpoints through the gateway with the Portal's own storefront token for that tenant (never a
/// person's token, never the store's staff endpoints).
/// </summary>
public sealed class ShopClient(PlatformApiClient hub, ServiceTokens tokens, IMemoryCache cache, IHttpContextAccessor shopper)
{
    private const string Base = "/api/brain/commerce/storefront";

    /// <summary>The open shop at <paramref name="slug"/>, or why there is none (404 for no such shop).</summary>
    public async Task<ApiResult<ShopResponse>> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var key = $"shop:{slug.ToLowerInvariant()}";
        if (cache.TryGetValue(key, out ShopResponse? known) && known is not null)
        {
            return new ApiResult<ShopResponse>(known, null);
        }
        var found = await hub.SendAsAsync<ShopResponse>(null, HttpMethod.Get, $"/api/brain/shops/{Uri.EscapeDataString(slug)}", null, cancellationToken);
        if (found.Value is { } shop)
        {
            cache.Set(key, shop, TimeSpan.FromMinutes(1));
        }
        return found;
    }

    /// <summary>For a shop page: the open shop at <paramref name="slug"/>, or, with the page's status set to 404 (or 503
    /// when the hub cannot answer), the sentence to show instead.</summary>
    public async Task<(ShopResponse? Shop, string? Error)> OpenAsync(HttpContext context, string slug)
    {
        var found = await FindAsync(slug, context.RequestAborted);
        if (found.Value is { } shop)
        {
            return (shop, null);
        }
        ShopAnswers.Fail(context, found.Status == 404 ? 404 : 503);
        return (null, found.Status == 404 ? $"There is no open shop at /shop/{slug}." : found.Error);
    }

    public Task<ApiResult<List<ShopProduct>>> ProductsAsync(ShopResponse shop, string? q, Guid? categoryId, CancellationToken cancellationToken) =>
        SendAsync<List<ShopProduct>>(shop, HttpMethod.Get,
            $"{Base}/products?limit=48" + (q is { Length: > 0 } ? $"&q={Uri.EscapeDataString(q)}" : "") + (categoryId is { } c ? $"&categoryId={c}" : ""), null, cancellationToken);

    public Task<ApiResult<ShopProduct>> ProductAsync(ShopResponse shop, Guid id, CancellationToken cancellationToken) =>
        SendAsync<ShopProduct>(shop, HttpMethod.Get, $"{Base}/products/{id}", null, cancellationToken);

    public Task<ApiResult<List<ShopCategory>>> CategoriesAsync(ShopResponse shop, CancellationToken cancellationToken) =>
        SendAsync<List<ShopCategory>>(shop, HttpMethod.Get, $"{Base}/categories", null, cancellationToken);

    public Task<ApiResult<List<ShopShippingMethod>>> ShippingMethodsAsync(ShopResponse shop, CancellationToken cancellationToken) =>
        SendAsync<List<ShopShippingMethod>>(shop, HttpMethod.Get, $"{Base}/shipping-methods", null, cancellationToken);

    public Task<ApiResult<ShopOrder>> PlaceOrderAsync(ShopResponse shop, ShopOrderRequest order, CancellationToken cancellationToken) =>
        SendAsync<ShopOrder>(shop, HttpMethod.Post, $"{Base}/orders", order, cancellationToken);

    public Task<ApiResult<ShopOrder>> OrderAsync(ShopResponse shop, Guid id, string key, CancellationToken cancellationToken) =>
        SendAsync<ShopOrder>(shop, HttpMethod.Get, $"{Base}/orders/{id}?key={Uri.EscapeDataString(key)}", null, cancellationToken);

    private async Task<ApiResult<T>> SendAsync<T>(ShopResponse shop, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await tokens.GetAsync(shop.TenantId, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return new ApiResult<T>(default, "The shop is not available right now. Try again in a moment.", 503);
        }
        // Each shopper counts on their own in the services' rate limits, not every shopper of the shop as one caller.
        var address = shopper.HttpContext?.Connection.RemoteIpAddress?.ToString();
        return await hub.SendAsAsync<T>(token, method, path, body, cancellationToken,
            address is null ? null : [new(RateLimitTiers.ShopperHeader, address)]);
    }
}
