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

    [Fact]
    public async Task Staff_add_a_voucher_a_product_its_stock_in_a_new_warehouse_and_a_supplier_with_its_feed_from_the_store_pages()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        // Supplier review reads the tenant's own country risk: with Germany rated low, its two documents make the supplier approved.
        using (var store = await platform.Tokens.ClientAsync("commerce", "admin@coreldove.dev"))
        {
            using var response = await store.PutAsJsonAsync("/api/sourcing/settings", new { threshold = 70, marketplaceFeePercent = 15, countryRisk = new Dictionary<string, decimal> { ["DE"] = 10 } });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var page = await _browser.NewPageAsync();
        await BrowserSession.SignInAsync(page, Portal, "admin@coreldove.dev");
        await Assertions.Expect(page.GetByTestId("circuit")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 20_000 });

        // A voucher, then one without a code: the store's field error shows beside the code and nothing is added.
        await page.GetByRole(AriaRole.Link, new() { Name = "Vouchers", Exact = true }).ClickAsync();
        var vouchers = page.GetByTestId("vouchers-table");
        var voucherForm = page.GetByTestId("voucher-form");
        var code = $"BROWSER-{suffix}";
        await voucherForm.GetByLabel("Code", new() { Exact = true }).FillAsync(code);
        await voucherForm.GetByLabel("Value", new() { Exact = true }).FillAsync("10");
        await voucherForm.GetByLabel("Usage limit", new() { Exact = true }).FillAsync("5");
        await voucherForm.GetByRole(AriaRole.Button, new() { Name = "Create voucher" }).ClickAsync();
        var voucherRow = vouchers.Locator("tr", new() { Has = page.GetByTestId($"voucher-{code}") });
        await Assertions.Expect(voucherRow).ToContainTextAsync("0 / 5", new() { Timeout = 20_000 });
        await Assertions.Expect(voucherRow).ToContainTextAsync("Fixed amount");
        var voucherRows = await vouchers.Locator("tbody tr").CountAsync();
        await voucherForm.GetByLabel("Value", new() { Exact = true }).FillAsync("3");
        await voucherForm.GetByRole(AriaRole.Button, new() { Name = "Create voucher" }).ClickAsync();
        await Assertions.Expect(voucherForm.GetByText("code is required.")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("voucher-error")).ToBeVisibleAsync();
        await Assertions.Expect(vouchers.Locator("tbody tr")).ToHaveCountAsync(voucherRows);
        await BrowserSession.ScreenshotAsync(page, "portal-vouchers");

        // A product type with a required choice, then a product of that type from the form, then a new price for its variant.
        await page.GetByRole(AriaRole.Link, new() { Name = "Products", Exact = true }).ClickAsync();
        var typeForm = page.GetByTestId("type-form");
        var typeName = $"Lamps {suffix}";
        await typeForm.GetByLabel("Type name", new() { Exact = true }).FillAsync(typeName);
        await typeForm.GetByLabel("Attribute 1", new() { Exact = true }).FillAsync("Material");
        await BrowserSession.ChooseAsync(page, "attribute-kind-0", "Choice");
        await typeForm.GetByLabel("Choices (comma-separated)", new() { Exact = true }).FillAsync("Brass, Walnut");
        await typeForm.GetByLabel("Required", new() { Exact = true }).CheckAsync();
        await typeForm.GetByRole(AriaRole.Button, new() { Name = "Create type" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId($"type-{typeName}")).ToContainTextAsync("Material (Brass, Walnut) *", new() { Timeout = 20_000 });

        var productForm = page.GetByTestId("product-form");
        var name = $"Browser lamp {suffix}";
        var sku = $"BL-{suffix}";
        await BrowserSession.ChooseAsync(page, "product-type", typeName);
        // The attribute's choice (checked below: the product shows it).
        await page.GetByTestId("attribute-Material").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Walnut", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "Brass", Exact = true })).ToBeHiddenAsync();
        await productForm.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await productForm.GetByLabel("SKU", new() { Exact = true }).FillAsync(sku);
        await productForm.GetByLabel("Price", new() { Exact = true }).FillAsync("9.5");
        await productForm.GetByLabel("Description", new() { Exact = true }).FillAsync("A lamp made in a browser test.");
        await productForm.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        var productRow = page.GetByTestId("products-table").Locator("tr", new() { Has = page.GetByTestId($"edit-{sku}") });
        await Assertions.Expect(productRow).ToContainTextAsync(name, new() { Timeout = 20_000 });
        await Assertions.Expect(productRow).ToContainTextAsync($"{sku} · USD 9.50");
        await Assertions.Expect(productRow).ToContainTextAsync("Material: Walnut");
        await page.GetByTestId($"edit-{sku}").ClickAsync();
        var editForm = page.GetByTestId("product-edit-form");
        await editForm.GetByLabel($"Price of {sku}", new() { Exact = true }).FillAsync("12.5");
        await editForm.GetByTestId($"save-price-{sku}").ClickAsync();
        await Assertions.Expect(productRow).ToContainTextAsync($"{sku} · USD 12.50", new() { Timeout = 20_000 });
        await BrowserSession.ScreenshotAsync(page, "portal-product-edit");

        // A new warehouse, and 7 of the new product received into it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Inventory", Exact = true }).ClickAsync();
        var warehouseForm = page.GetByTestId("warehouse-form");
        var depot = $"Browser depot {suffix}";
        await warehouseForm.GetByLabel("Warehouse name", new() { Exact = true }).FillAsync(depot);
        await warehouseForm.GetByLabel("City", new() { Exact = true }).FillAsync("Lyon");
        await warehouseForm.GetByLabel("Country (two letters)", new() { Exact = true }).FillAsync("FR");
        await warehouseForm.GetByRole(AriaRole.Button, new() { Name = "Add warehouse" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("warehouses-table")).ToContainTextAsync(depot, new() { Timeout = 20_000 });
        await BrowserSession.ChooseAsync(page, "stock-variant", $"{sku} · {name}");
        await BrowserSession.ChooseAsync(page, "stock-warehouse", depot);
        var stockForm = page.GetByTestId("stock-change-form");
        await stockForm.GetByLabel("Change", new() { Exact = true }).FillAsync("7");
        await stockForm.GetByRole(AriaRole.Button, new() { Name = "Change stock" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId($"stock-{sku}-{depot}")).ToHaveTextAsync("7", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("stock-answer")).ToContainTextAsync("7 on hand, 0 allocated, 7 available");
        await BrowserSession.ScreenshotAsync(page, "portal-inventory");

        // A supplier from the form, its two documents, then its feed pasted as CSV.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sourcing", Exact = true }).ClickAsync();
        var supplierForm = page.GetByTestId("supplier-form");
        var supplierName = $"Browser Glass {suffix}";
        await supplierForm.GetByLabel("Supplier name", new() { Exact = true }).FillAsync(supplierName);
        await supplierForm.GetByLabel("Country (two letters)", new() { Exact = true }).FillAsync("DE");
        await supplierForm.GetByLabel("Orders delivered", new() { Exact = true }).FillAsync("200");
        await supplierForm.GetByLabel("Defective orders", new() { Exact = true }).FillAsync("4");
        await supplierForm.GetByLabel("Late shipments", new() { Exact = true }).FillAsync("10");
        await supplierForm.GetByRole(AriaRole.Button, new() { Name = "Add supplier" }).ClickAsync();
        var supplierRow = page.GetByTestId("suppliers-table").Locator("tr", new() { Has = page.GetByTestId($"manage-{supplierName}") });
        await Assertions.Expect(supplierRow).ToContainTextAsync(supplierName, new() { Timeout = 20_000 });
        var documentForm = page.GetByTestId($"document-form-{supplierName}");
        await documentForm.GetByLabel("Document number", new() { Exact = true }).FillAsync("HRB 99");
        await documentForm.GetByRole(AriaRole.Button, new() { Name = "Add document" }).ClickAsync();
        await Assertions.Expect(supplierRow).ToContainTextAsync("1 document", new() { Timeout = 20_000 });
        await BrowserSession.ChooseAsync(page, "document-kind", "Tax ID");
        await documentForm.GetByLabel("Document number", new() { Exact = true }).FillAsync("DE999");
        await documentForm.GetByRole(AriaRole.Button, new() { Name = "Add document" }).ClickAsync();
        await Assertions.Expect(supplierRow).ToContainTextAsync("2 documents", new() { Timeout = 20_000 });
        await Assertions.Expect(supplierRow).ToContainTextAsync("Approved");
        var feedForm = page.GetByTestId($"feed-form-{supplierName}");
        await feedForm.GetByLabel("Feed CSV", new() { Exact = true }).FillAsync($"sku,name,cost,suggested_price,monthly_demand,competitors\nBG-{suffix},Glass jar {suffix},2,8,40,6\n");
        await feedForm.GetByRole(AriaRole.Button, new() { Name = "Upload feed (CSV)" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("feed-result")).ToContainTextAsync("Read 1 row: 1 new candidate", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("candidates-table")).ToContainTextAsync($"Glass jar {suffix}");
        await BrowserSession.ScreenshotAsync(page, "portal-supplier-add");

        // A feed address that is not on the public internet (here the cloud's metadata service) is refused, and says so.
        var urlForm = page.GetByTestId($"feed-url-form-{supplierName}");
        await urlForm.GetByLabel("Feed address", new() { Exact = true }).FillAsync("http://169.254.169.254/latest/meta-data/feed.csv");
        await urlForm.GetByRole(AriaRole.Button, new() { Name = "Fetch feed" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("feed-error")).ToContainTextAsync("is not on the public internet", new() { Timeout = 20_000 });
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
