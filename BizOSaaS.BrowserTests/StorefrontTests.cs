using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace BizOSaaS.BrowserTests;

/// <summary>CorelDove's public shop in Debian's Chromium, against the real platform: a shopper without an account finds a
/// product, chooses a variant, pays with the test card and follows the order-status link; the tenant then sees the order
/// in the Portal and in its net sales, and the platform admin in the tenant's revenue in Admin. A card the test provider
/// declines places nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class StorefrontTests(PlatformWithDashboardFixture platform) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private Uri Portal => platform.App.CreateHttpClient("portal").BaseAddress!;

    [Fact]
    public async Task A_shopper_buys_on_the_CorelDove_storefront_and_the_tenant_and_the_platform_see_the_order_and_its_revenue()
    {
        var (name, _) = await PublishAsync(stock: 3);
        // The store's net sales before, as its staff (Portal dashboard) and the platform admin (Admin revenue page) see them.
        var staff = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(staff, Portal, "admin@coreldove.dev");
        var tenantSalesBefore = Money(await ReadAsync(staff.GetByTestId("kpi-sales-value")));
        var console = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(console, Admin, "admin@bizosaas.dev");
        await console.GotoAsync(new Uri(Admin, "/revenue").ToString());
        var platformSalesBefore = Money(await ReadAsync(console.GetByTestId($"revenue-{PlatformTokens.CorelDove}")));

        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(Portal, "/shop/coreldove").ToString());
        await Assertions.Expect(page.Locator(".shop-name")).ToHaveTextAsync("CorelDove");

        // Search, then the product page: each variant with its price and what is left.
        await page.GetByLabel("Search the shop").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var card = page.GetByTestId("products").Locator("li");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await BrowserSession.ScreenshotAsync(page, "shop-search");
        await card.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("stock")).ToHaveTextAsync(["Available", "3 in stock"]);
        await page.GetByLabel("Large").CheckAsync();
        await page.GetByLabel("Quantity").FillAsync("2");
        await BrowserSession.ScreenshotAsync(page, "shop-product");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();

        // The cart, then checkout without an account: 2 × 18.50 + standard shipping, paid by card.
        await Assertions.Expect(page.GetByTestId("cart-lines")).ToContainTextAsync("USD 37.00");
        await Assertions.Expect(page.GetByTestId("cart-link")).ToHaveTextAsync("Cart (2)");
        var email = $"shopper-{Guid.NewGuid():N}"[..20] + "@example.com";
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Full name").FillAsync("Sam Shopper");
        await page.GetByLabel("Address").FillAsync("7 Quai Saint-Antoine");
        await page.GetByLabel("City").FillAsync("Lyon");
        await page.GetByLabel("Postal code").FillAsync("69002");
        await page.GetByLabel("Country (two letters)").FillAsync("fr");
        await page.GetByLabel("Shipping").SelectOptionAsync(new SelectOptionValue { Label = "Standard (3-5 days) · USD 4.90" });
        await BrowserSession.ScreenshotAsync(page, "shop-checkout");

        // A declined card first: nothing is placed and the cart stays.
        await page.GetByLabel("Card number").FillAsync("4000 0000 0000 0002");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("order-error")).ToContainTextAsync("Nothing was charged");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Full name").FillAsync("Sam Shopper");
        await page.GetByLabel("Address").FillAsync("7 Quai Saint-Antoine");
        await page.GetByLabel("City").FillAsync("Lyon");
        await page.GetByLabel("Postal code").FillAsync("69002");
        await page.GetByLabel("Country (two letters)").FillAsync("FR");
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you! Your order is placed." })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("payment-status")).ToHaveTextAsync("Paid");
        await Assertions.Expect(page.GetByTestId("order-total")).ToHaveTextAsync("USD 41.90");
        await Assertions.Expect(page.GetByTestId("cart-link")).ToHaveTextAsync("Cart (0)");
        var number = await page.GetByTestId("order-number").InnerTextAsync();
        await BrowserSession.ScreenshotAsync(page, "shop-order-placed");

        // The link is the way back; without its key the order is not found.
        var link = await page.GetByTestId("status-link").GetAttributeAsync("href");
        await page.GotoAsync(link!);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {number}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Confirmed, being prepared");
        var withoutKey = await page.GotoAsync(link![..link!.IndexOf('?')]);
        Assert.Equal(404, withoutKey!.Status);

        // The tenant's staff see it in the Portal, paid, and in their net sales on the dashboard.
        await staff.ReloadAsync();
        await Assertions.Expect(staff.GetByTestId("kpi-sales-value")).ToHaveTextAsync(MoneyFormat(tenantSalesBefore + 41.90m), new() { Timeout = 20_000 });
        await Assertions.Expect(staff.GetByTestId("circuit")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 20_000 });
        await staff.GetByRole(AriaRole.Link, new() { Name = "Orders", Exact = true }).ClickAsync();
        var row = staff.GetByTestId("orders-table").Locator("tr", new() { Has = staff.GetByTestId($"order-{number}") });
        await Assertions.Expect(row).ToContainTextAsync(email, new() { Timeout = 20_000 });
        await Assertions.Expect(row).ToContainTextAsync("Fully charged");
        await Assertions.Expect(row).ToContainTextAsync("USD 41.90");

        // The platform admin sees it in CorelDove's revenue in Admin.
        await console.ReloadAsync();
        await Assertions.Expect(console.GetByTestId($"revenue-{PlatformTokens.CorelDove}")).ToHaveTextAsync(MoneyFormat(platformSalesBefore + 41.90m), new() { Timeout = 30_000 });
        await BrowserSession.ScreenshotAsync(console, "admin-revenue-after-shop-order");
    }

    private Uri Admin => platform.App.CreateHttpClient("admin").BaseAddress!;

    /// <summary>The text once the figure has loaded (a money amount, not the placeholder).</summary>
    private static async Task<string> ReadAsync(ILocator figure)
    {
        await Assertions.Expect(figure).ToContainTextAsync("USD", new() { Timeout = 30_000 });
        return await figure.InnerTextAsync();
    }

    private static decimal Money(string text) => decimal.Parse(text.Replace("USD", "").Trim(), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string MoneyFormat(decimal amount) => $"USD {amount.ToString("N2", CultureInfo.InvariantCulture)}";

    [Fact]
    public async Task An_unknown_shop_is_a_404_page()
    {
        var page = await _browser.NewPageAsync();
        var response = await page.GotoAsync(new Uri(Portal, "/shop/no-such-shop").ToString());
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is no open shop at /shop/no-such-shop.");
    }

    /// <summary>A published product with two variants: "Large" at 18.50 with <paramref name="stock"/> in a warehouse, "Small"
    /// at 15.00 not stock-tracked; a standard shipping method as the demo store has.</summary>
    private async Task<(string Name, Guid ProductId)> PublishAsync(int stock)
    {
        using var store = await platform.Tokens.ClientAsync("commerce", "admin@coreldove.dev");
        async Task<JsonElement> PostAsync(string path, object body)
        {
            using var response = await store.PostAsJsonAsync(path, body);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        var name = $"Harbour lantern {Guid.NewGuid():N}"[..24];
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var product = await PostAsync("/api/products", new
        {
            name,
            description = "A lantern for long evenings.",
            isPublished = true,
            variants = new object[] { new { sku = $"HL-L-{suffix}", name = "Large", price = 18.50m }, new { sku = $"HL-S-{suffix}", name = "Small", price = 15m, trackInventory = false } },
        });
        var large = product.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "Large").GetProperty("id").GetGuid();
        var warehouse = await PostAsync("/api/warehouses", new { name = $"Shop depot {suffix}", city = "Lyon", country = "FR" });
        await PostAsync("/api/stock/changes", new { variantId = large, warehouseId = warehouse.GetProperty("id").GetGuid(), change = stock, reason = "restock" });
        using (var methods = await store.GetAsync("/api/shipping-methods"))
        {
            var list = await methods.Content.ReadFromJsonAsync<JsonElement>();
            if (!list.EnumerateArray().Any(m => m.GetProperty("name").GetString() == "Standard (3-5 days)"))
            {
                await PostAsync("/api/shipping-methods", new { name = "Standard (3-5 days)", price = 4.90m });
            }
        }
        return (name, product.GetProperty("id").GetGuid());
    }
}
