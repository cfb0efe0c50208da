using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace BizOSaaS.BrowserTests;

/// <summary>The Portal's store pages in Debian's Chromium, against the real platform: an order placed through the store's
/// API and paid shows on the orders page, and the dashboard shows the store's live net sales (CorelDove's demo orders
/// labelled as such).</summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalStoreTests(PlatformWithDashboardFixture platform) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private Uri Portal => platform.App.CreateHttpClient("portal").BaseAddress!;

    [Fact]
    public async Task A_paid_order_shows_on_the_orders_page_and_the_dashboard_shows_the_stores_net_sales()
    {
        var (number, email) = await PlaceAPaidOrderAsync();

        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Portal, "admin@coreldove.dev");
        await Assertions.Expect(page.GetByTestId("kpi-sales-value")).ToContainTextAsync("USD", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("kpi-orders-value")).Not.ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("sales-demo-notice")).ToContainTextAsync("demo data");
        await Assertions.Expect(page.GetByTestId("chart-sales").Locator("svg path.mud-chart-line").First).ToBeVisibleAsync();
        await page.GetByTestId("chart-sales").ScrollIntoViewIfNeededAsync();
        await BrowserSession.ScreenshotAsync(page, "portal-dashboard-store");

        await page.GetByRole(AriaRole.Link, new() { Name = "Orders" }).ClickAsync();
        var row = page.GetByTestId("orders-table").Locator("tr", new() { Has = page.GetByTestId($"order-{number}") });
        await Assertions.Expect(row).ToContainTextAsync(email, new() { Timeout = 20_000 });
        await Assertions.Expect(row).ToContainTextAsync("Fully charged");
        await Assertions.Expect(row).ToContainTextAsync("USD 50.00");
        await Assertions.Expect(page.GetByTestId("orders-demo-notice")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "portal-orders");
    }

    [Fact]
    public async Task Staff_mark_a_bank_transfer_paid_ship_the_order_and_refund_part_of_it_from_the_orders_page()
    {
        using var store = await platform.Tokens.ClientAsync("commerce", "admin@coreldove.dev");
        async Task<JsonElement> PostAsync(string path, object body)
        {
            using var response = await store.PostAsJsonAsync(path, body);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        var product = await PostAsync("/api/products", new { name = "Gift box", variants = new[] { new { sku = $"BOX-{Guid.NewGuid():N}"[..20], price = 30m, trackInventory = false } } });
        var shipping = await PostAsync("/api/shipping-methods", new { name = $"Courier {Guid.NewGuid():N}", price = 0m });
        var email = $"transfer-{Guid.NewGuid():N}"[..20] + "@example.com";
        var checkout = await PostAsync("/api/checkouts", new
        {
            email,
            lines = new[] { new { variantId = product.GetProperty("variants")[0].GetProperty("id").GetGuid(), quantity = 1 } },
            shippingAddress = new { name = "Tess Transfer", line1 = "5 Bank Street", city = "Lyon", postalCode = "69001", country = "FR" },
            shippingMethodId = shipping.GetProperty("id").GetGuid(),
        });
        var order = await PostAsync($"/api/checkouts/{checkout.GetProperty("id").GetGuid()}/complete", new { });
        await PostAsync($"/api/orders/{order.GetProperty("id").GetGuid()}/payments", new { method = "bank_transfer" });
        var number = order.GetProperty("number").GetInt64();

        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Portal, "admin@coreldove.dev");
        await Assertions.Expect(page.GetByTestId("circuit")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders", Exact = true }).ClickAsync();
        var row = page.GetByTestId("orders-table").Locator("tr", new() { Has = page.GetByTestId($"order-{number}") });
        await Assertions.Expect(row).ToContainTextAsync("Not charged", new() { Timeout = 20_000 });
        await row.ClickAsync();
        var actions = page.GetByTestId("order-actions");
        await actions.GetByRole(AriaRole.Button, new() { Name = "Mark bank transfer paid" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Fully charged");
        await actions.GetByRole(AriaRole.Button, new() { Name = "Ship the rest" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Fulfilled");
        await actions.GetByLabel("Refund amount").FillAsync("5");
        await actions.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("refunded USD 5.00");
        await Assertions.Expect(actions.GetByRole(AriaRole.Button, new() { Name = "Record return" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "portal-order-actions");
    }

    [Fact]
    public async Task The_products_page_shows_stock_per_warehouse_and_the_sourcing_page_shows_risk_and_scores_with_their_evidence()
    {
        using var store = await platform.Tokens.ClientAsync("commerce", "admin@coreldove.dev");
        async Task<JsonElement> SendAsync(HttpMethod method, string path, object body)
        {
            using var response = await store.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
            Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var product = await SendAsync(HttpMethod.Post, "/api/products", new { name = $"Pantry jar {suffix}", variants = new[] { new { sku = $"PJ-{suffix}", name = "1 litre", price = 9m, costPrice = 3m } } });
        var warehouse = await SendAsync(HttpMethod.Post, "/api/warehouses", new { name = $"Pantry depot {suffix}", city = "Lyon", country = "FR" });
        await SendAsync(HttpMethod.Post, "/api/stock/changes", new { variantId = product.GetProperty("variants")[0].GetProperty("id").GetGuid(), warehouseId = warehouse.GetProperty("id").GetGuid(), change = 7, reason = "restock" });
        await SendAsync(HttpMethod.Put, "/api/sourcing/settings", new { threshold = 70, marketplaceFeePercent = 15, countryRisk = new Dictionary<string, decimal> { ["DE"] = 10 } });
        var supplier = await SendAsync(HttpMethod.Post, "/api/suppliers", new { name = $"Hamburg Glass {suffix}", country = "DE", ordersDelivered = 200, defectiveOrders = 4, lateShipments = 10 });
        var supplierId = supplier.GetProperty("id").GetGuid();
        await SendAsync(HttpMethod.Post, $"/api/suppliers/{supplierId}/documents", new { kind = "registration", number = "HRB 99" });
        await SendAsync(HttpMethod.Post, $"/api/suppliers/{supplierId}/documents", new { kind = "tax_id", number = "DE999" });
        await SendAsync(HttpMethod.Post, $"/api/suppliers/{supplierId}/feed", new[] { new { sku = $"HG-{suffix}", name = $"Glass jar {suffix}", cost = 2m, suggestedPrice = 8m, monthlyDemand = 40, competitors = 6 } });

        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Portal, "admin@coreldove.dev");
        // Through the navigation once the dashboard is interactive: a click before that is lost, and leaving a page whose
        // charts are still drawing disposes its circuit under them.
        await Assertions.Expect(page.GetByTestId("circuit")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Products", Exact = true }).ClickAsync();
        var row = page.GetByTestId("products-table").Locator("tr", new() { Has = page.GetByTestId($"product-{product.GetProperty("id").GetGuid()}") });
        await Assertions.Expect(row).ToContainTextAsync($"Pantry depot {suffix} 7 / 0", new() { Timeout = 20_000 });
        await Assertions.Expect(row).ToContainTextAsync("cost USD 3.00");
        await BrowserSession.ScreenshotAsync(page, "portal-products");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sourcing", Exact = true }).ClickAsync();
        var supplierRow = page.GetByTestId("suppliers-table").Locator("tr", new() { Has = page.GetByTestId($"supplier-{supplierId}") });
        await Assertions.Expect(supplierRow).ToContainTextAsync("Approved", new() { Timeout = 20_000 });
        await Assertions.Expect(supplierRow).ToContainTextAsync("Low (18.2)");
        await Assertions.Expect(supplierRow).ToContainTextAsync("4 of 200 orders defective (2 %)");
        var candidates = page.GetByTestId("candidates-table");
        await Assertions.Expect(candidates).ToContainTextAsync($"Glass jar {suffix}");
        await Assertions.Expect(candidates).ToContainTextAsync("Margin after fees and shipping");
        await BrowserSession.ScreenshotAsync(page, "portal-sourcing");
    }

    /// <summary>Two gift cards (no stock tracked) with free e-mail delivery, bought and paid with the test provider.</summary>
    private async Task<(long Number, string Email)> PlaceAPaidOrderAsync()
    {
        using var store = await platform.Tokens.ClientAsync("commerce", "admin@coreldove.dev");
        async Task<JsonElement> PostAsync(string path, object body)
        {
            using var response = await store.PostAsJsonAsync(path, body);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        var product = await PostAsync("/api/products", new { name = "Browser gift card", variants = new[] { new { sku = $"GIFT-{Guid.NewGuid():N}"[..20], price = 25m, trackInventory = false } } });
        var shipping = await PostAsync("/api/shipping-methods", new { name = $"E-mail {Guid.NewGuid():N}", price = 0m });
        var email = $"browser-buyer-{Guid.NewGuid():N}"[..24] + "@example.com";
        var checkout = await PostAsync("/api/checkouts", new
        {
            email,
            lines = new[] { new { variantId = product.GetProperty("variants")[0].GetProperty("id").GetGuid(), quantity = 2 } },
            shippingAddress = new { name = "Bea Browser", line1 = "3 Page Road", city = "Lyon", postalCode = "69003", country = "FR" },
            shippingMethodId = shipping.GetProperty("id").GetGuid(),
        });
        var order = await PostAsync($"/api/checkouts/{checkout.GetProperty("id").GetGuid()}/complete", new { });
        await PostAsync($"/api/orders/{order.GetProperty("id").GetGuid()}/payments", new { method = "test" });
        return (order.GetProperty("number").GetInt64(), email);
    }
}
