using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BizOSaaS.Commerce.Contracts;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// The storefront's endpoints through the gateway with the Portal's storefront token: only products on sale, never a
/// cost; an order placed once however often it is sent; its status only with its key; a storefront token reaches none
/// of the store's staff endpoints, and one tenant's shop none of another's products.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StorefrontApiTests(PlatformFixture platform)
{
    private const string Shop = "/api/brain/commerce/storefront";

    private async Task<HttpClient> StorefrontAsync(Guid tenant)
    {
        using var hub = platform.App.CreateHttpClient("hub");
        using var response = await hub.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "portal",
            ["client_secret"] = await platform.SecretAsync("portal-client-secret"),
            ["tenant_id"] = tenant.ToString(),
        }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        return PlatformTokens.WithToken(platform.App.CreateHttpClient("hub"), token);
    }

    [Fact]
    public async Task Shoppers_see_only_products_on_sale_and_an_order_is_placed_once_and_read_only_with_its_key()
    {
        using var staff = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        var word = $"kestrel{Guid.NewGuid():N}"[..15];
        var onSale = await PostAsync<ProductResponse>(staff, "/api/brain/commerce/products",
            new { name = $"{word} kite", isPublished = true, variants = new[] { new { sku = $"K-{Guid.NewGuid():N}"[..20], price = 30m, costPrice = 11m, trackInventory = false } } });
        var draft = await PostAsync<ProductResponse>(staff, "/api/brain/commerce/products", new { name = $"{word} draft", price = 9m, isPublished = false });
        var unlisted = await PostAsync<ProductResponse>(staff, "/api/brain/commerce/products", new { name = $"{word} secret", price = 9m, isVisibleInListings = false });
        var method = await PostAsync<ShippingMethodResponse>(staff, "/api/brain/commerce/shipping-methods", new { name = $"Kite post {Guid.NewGuid():N}", price = 5m });

        using var shop = await StorefrontAsync(PlatformTokens.CorelDove);
        var found = (await shop.GetFromJsonAsync<JsonElement>($"{Shop}/products?q={word}")).EnumerateArray().ToList();
        Assert.Equal([onSale.Id], found.Select(p => p.GetProperty("id").GetGuid()));
        Assert.DoesNotContain("cost", found[0].GetRawText(), StringComparison.OrdinalIgnoreCase);
        using (var hidden = await shop.GetAsync($"{Shop}/products/{draft.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }
        // Published but not listed: left out of the catalogue and search, sold through its own page.
        Assert.False(unlisted.IsVisibleInListings);
        Assert.Equal(unlisted.Id, (await shop.GetFromJsonAsync<JsonElement>($"{Shop}/products/{unlisted.Id}")).GetProperty("id").GetGuid());

        // Its type's attributes are shown to shoppers, numbers with their unit; the demo catalogue's are filtered on.
        var demoCotton = (await shop.GetFromJsonAsync<JsonElement>($"{Shop}/products?attribute=material:cotton")).EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("Organic cotton tee", demoCotton);
        Assert.DoesNotContain("Merino hoodie", demoCotton);
        var tee = (await shop.GetFromJsonAsync<JsonElement>($"{Shop}/products?attribute=material:cotton&q=tee")).EnumerateArray().First();
        Assert.Equal("""[{"name":"Material","value":"Cotton"}]""", tee.GetProperty("attributes").GetRawText());

        // The storefront token is not staff: the store's own endpoints refuse it, and so do the hub's that ask only for a
        // signed-in caller (the tenant, the approval types).
        foreach (var path in new[] { "/api/brain/commerce/orders", "/api/brain/commerce/products", "/api/brain/commerce/suppliers", "/api/brain/crm/leads",
                     "/api/brain/tenant", "/api/brain/hitl/types" })
        {
            using var refused = await shop.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var checkoutId = Guid.NewGuid();
        var email = $"kite-{Guid.NewGuid():N}@example.com";
        object Order(Guid variant, string? buyer = null) => new
        {
            checkoutId,
            email = buyer ?? email,
            lines = new[] { new { variantId = variant, quantity = 2 } },
            shippingAddress = new { name = "Kai Kite", line1 = "1 Wind Road", city = "Lyon", postalCode = "69001", country = "FR" },
            shippingMethodId = method.Id,
            paymentMethod = "bank_transfer",
        };
        // A draft cannot be bought, and nothing is written.
        using (var refused = await shop.PostAsJsonAsync($"{Shop}/orders", Order(draft.Variants[0].Id)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        var placed = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var response = await shop.PostAsJsonAsync($"{Shop}/orders", Order(onSale.Variants[0].Id));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (response.StatusCode, Order: (await response.Content.ReadFromJsonAsync<ShopOrder>())!);
        }));
        Assert.Single(placed, p => p.StatusCode == HttpStatusCode.Created);
        var order = placed[0].Order;
        Assert.All(placed, p => Assert.Equal((order.Id, order.AccessKey), (p.Order.Id, p.Order.AccessKey)));
        Assert.Equal((65m, "awaiting_payment", 65m), (order.Totals.Total, order.PaymentStatus, order.Balance));

        Assert.Equal(order.Id, (await shop.GetFromJsonAsync<ShopOrder>($"{Shop}/orders/{order.Id}?key={order.AccessKey}"))!.Id);
        foreach (var key in new[] { "", "?key=wrong", $"?key={order.AccessKey.ToUpperInvariant()}x" })
        {
            using var refused = await shop.GetAsync($"{Shop}/orders/{order.Id}{key}");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
        // Another shopper sending that checkout id gets nothing of it.
        using (var taken = await shop.PostAsJsonAsync($"{Shop}/orders", Order(onSale.Variants[0].Id, "someone-else@example.com")))
        {
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        }
        // Staff see one order from that checkout.
        var staffOrders = (await staff.GetFromJsonAsync<List<OrderResponse>>("/api/brain/commerce/orders?limit=200"))!;
        Assert.Single(staffOrders, o => o.CheckoutId == checkoutId);

        // Another tenant's shop finds none of it.
        using var other = await StorefrontAsync(PlatformTokens.Bizoholic);
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>($"{Shop}/products?q={word}")).EnumerateArray());
        foreach (var path in new[] { $"/products/{onSale.Id}", $"/orders/{order.Id}?key={order.AccessKey}" })
        {
            using var refused = await other.GetAsync(Shop + path);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
    }

    [Fact]
    public async Task A_shop_is_found_by_its_slug_only_while_its_tenant_is_open()
    {
        using var anonymous = platform.App.CreateHttpClient("hub");
        var shop = (await anonymous.GetFromJsonAsync<ShopResponse>("/api/brain/shops/coreldove"))!;
        Assert.Equal((PlatformTokens.CorelDove, "CorelDove"), (shop.TenantId, shop.Name));
        using var missing = await anonymous.GetAsync("/api/brain/shops/no-such-shop");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<T> PostAsync<T>(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
