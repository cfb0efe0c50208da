using System.Net;
using System.Net.Http.Json;
using BizOSaaS.Commerce.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// The store as its staff meet it, through the hub's gateway (<c>/api/brain/commerce/...</c>) on the real platform:
/// checkouts that never oversell under concurrency, vouchers that keep their usage limit, completion exactly once,
/// an order's life with its money reconciled, tenant isolation and validation. The tests act as a CorelDove member of their
/// own, so their bursts of requests count against no other test's rate limit.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CommerceTests(PlatformFixture platform)
{
    private const string Commerce = "/api/brain/commerce";

    private static readonly object Address = new { name = "Ada Buyer", line1 = "1 Market Street", city = "Lyon", postalCode = "69001", country = "fr" };

    /// <summary>One CorelDove member for all these tests, signed in once: sign-ins count against the public tier per address.</summary>
    private static Task<string>? _staffToken;

    private async Task<HttpClient> StaffAsync()
    {
        var token = await (_staffToken ??= SignInStaffAsync());
        return PlatformTokens.WithToken(platform.App.CreateHttpClient("hub"), token);
    }

    private async Task<string> SignInStaffAsync()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        var email = $"store-{Guid.NewGuid():N}@coreldove.dev";
        (await admin.PostAsJsonAsync("/api/brain/tenant/members", new { email, displayName = "Store Staff", role = "member", password = "Store-Passw0rd" }))
            .EnsureSuccessStatusCode();
        return (await platform.Tokens.SignInAsync(email, "Store-Passw0rd")).AccessToken;
    }

    private sealed record Shop(Guid ProductId, Guid VariantId, string Sku, Guid WarehouseId, Guid ShippingMethodId);

    /// <summary>A product with one tracked variant at <paramref name="price"/>, <paramref name="stock"/> of it in a new warehouse, a shipping method.</summary>
    private static async Task<Shop> ShopAsync(HttpClient hub, int stock, decimal price = 25m, decimal shipping = 4.5m)
    {
        var sku = $"SKU-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var product = await PostAsync<ProductResponse>(hub, "products", new { name = $"Hot item {sku}", variants = new[] { new { sku, name = "One size", price } } });
        var warehouse = await PostAsync<WarehouseResponse>(hub, "warehouses", new { name = $"Depot {Guid.NewGuid():N}", city = "Lyon", country = "FR" });
        var method = await PostAsync<ShippingMethodResponse>(hub, "shipping-methods", new { name = $"Courier {Guid.NewGuid():N}", price = shipping });
        var variant = product.Variants.Single();
        if (stock > 0)
        {
            await PostAsync<StockResponse>(hub, "stock/changes", new { variantId = variant.Id, warehouseId = warehouse.Id, change = stock, reason = "restock" }, HttpStatusCode.OK);
        }
        return new Shop(product.Id, variant.Id, sku, warehouse.Id, method.Id);
    }

    private static Task<CheckoutResponse> CheckoutAsync(HttpClient hub, Shop shop, int quantity, string? voucherCode = null, string? email = null) =>
        PostAsync<CheckoutResponse>(hub, "checkouts", new
        {
            email = email ?? $"buyer-{Guid.NewGuid():N}@example.com",
            lines = new[] { new { variantId = shop.VariantId, quantity } },
            shippingAddress = Address,
            shippingMethodId = shop.ShippingMethodId,
            voucherCode,
        });

    [Fact]
    public async Task Fifty_concurrent_checkouts_of_a_variant_with_stock_ten_make_exactly_ten_orders()
    {
        using var hub = await StaffAsync();
        var shop = await ShopAsync(hub, stock: 10);
        var checkouts = new List<CheckoutResponse>();
        for (var i = 0; i < 50; i++)
        {
            checkouts.Add(await CheckoutAsync(hub, shop, 1));
        }

        var statuses = await Task.WhenAll(checkouts.Select(async c =>
        {
            using var response = await hub.PostAsync($"{Commerce}/checkouts/{c.Id}/complete", null);
            return response.StatusCode;
        }));

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(40, statuses.Count(s => s == HttpStatusCode.Conflict));
        var stock = (await hub.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!.Single();
        Assert.Equal((10, 10, 0), (stock.Quantity, stock.Allocated, stock.Available));
        var orders = (await hub.GetFromJsonAsync<List<OrderResponse>>($"{Commerce}/orders?limit=500"))!.Where(o => o.Lines.Any(l => l.VariantId == shop.VariantId)).ToList();
        Assert.Equal(10, orders.Count);
        Assert.All(orders, o => Assert.Equal(OrderStatuses.Unfulfilled, o.Status));
        var movements = await hub.GetFromJsonAsync<List<StockMovementResponse>>($"{Commerce}/stock/movements?variantId={shop.VariantId}");
        Assert.Equal(10, movements!.Count(m => m.Reason == StockReasons.Allocation));
        // The product now says it is sold out.
        Assert.Equal(0, (await hub.GetFromJsonAsync<ProductResponse>($"{Commerce}/products/{shop.ProductId}"))!.Variants.Single().QuantityAvailable);
    }

    [Fact]
    public async Task A_voucher_with_usage_limit_five_is_used_exactly_five_times_by_twenty_concurrent_checkouts()
    {
        using var hub = await StaffAsync();
        var shop = await ShopAsync(hub, stock: 100);
        var code = $"FIVE{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        await PostAsync<VoucherResponse>(hub, "vouchers", new { code = code.ToLowerInvariant(), kind = "fixed", value = 5m, usageLimit = 5 });
        var checkouts = new List<CheckoutResponse>();
        for (var i = 0; i < 20; i++)
        {
            checkouts.Add(await CheckoutAsync(hub, shop, 1, code));
        }
        Assert.All(checkouts, c => Assert.Equal(5m, c.Totals.Discount));

        var statuses = await Task.WhenAll(checkouts.Select(async c =>
        {
            using var response = await hub.PostAsync($"{Commerce}/checkouts/{c.Id}/complete", null);
            return response.StatusCode;
        }));

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(5, (await hub.GetFromJsonAsync<List<VoucherResponse>>($"{Commerce}/vouchers"))!.Single(v => v.Code == code).Used);
        // The refused checkouts allocated nothing: only the five orders hold stock.
        var stock = (await hub.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!.Single();
        Assert.Equal(5, stock.Allocated);
    }

    [Fact]
    public async Task A_once_per_customer_voucher_is_refused_to_the_same_email_the_second_time()
    {
        using var hub = await StaffAsync();
        var shop = await ShopAsync(hub, stock: 10);
        var code = $"ONCE{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        await PostAsync<VoucherResponse>(hub, "vouchers", new { code, kind = "percentage", value = 10m, oncePerCustomer = true });
        var email = $"loyal-{Guid.NewGuid():N}@example.com";
        var first = await CheckoutAsync(hub, shop, 1, code, email);
        var second = await CheckoutAsync(hub, shop, 1, code, email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Created, (await hub.PostAsync($"{Commerce}/checkouts/{first.Id}/complete", null)).StatusCode);
        using var refused = await hub.PostAsync($"{Commerce}/checkouts/{second.Id}/complete", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Voucher already used", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        Assert.Null((await hub.GetFromJsonAsync<CheckoutResponse>($"{Commerce}/checkouts/{second.Id}"))!.OrderId);
    }

    [Fact]
    public async Task A_completed_checkout_retried_returns_the_same_order_and_makes_no_second()
    {
        using var hub = await StaffAsync();
        var shop = await ShopAsync(hub, stock: 5);
        var checkout = await CheckoutAsync(hub, shop, 2);

        // Five completions at once: one creates the order, the others wait for it and return it.
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await hub.PostAsync($"{Commerce}/checkouts/{checkout.Id}/complete", null);
            return (response.StatusCode, (await response.Content.ReadFromJsonAsync<OrderResponse>())!.Id);
        }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(4, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Single(answers.Select(a => a.Id).Distinct());

        // And once more, later.
        using var retried = await hub.PostAsync($"{Commerce}/checkouts/{checkout.Id}/complete", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(answers[0].Id, (await retried.Content.ReadFromJsonAsync<OrderResponse>())!.Id);
        Assert.Equal(2, (await hub.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!.Single().Allocated);
        Assert.Equal(answers[0].Id, (await hub.GetFromJsonAsync<CheckoutResponse>($"{Commerce}/checkouts/{checkout.Id}"))!.OrderId);
    }

    [Fact]
    public async Task An_order_is_paid_partly_refunded_shipped_and_a_second_is_cancelled_with_its_stock_and_money_returned()
    {
        using var hub = await StaffAsync();
        var shop = await ShopAsync(hub, stock: 10, price: 19.99m, shipping: 4.5m);
        var code = $"TEN{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        await PostAsync<VoucherResponse>(hub, "vouchers", new { code, kind = "percentage", value = 10m, productIds = new[] { shop.ProductId } });

        var salesBefore = (await hub.GetFromJsonAsync<RevenueStats>($"{Commerce}/orders/stats?days=1"))!;

        // 3 × 19.99 = 59.97; 10 % off = 5.997 → 6.00; + 4.50 shipping; the store charges no tax.
        var checkout = await CheckoutAsync(hub, shop, 3, code);
        Assert.Equal(new CheckoutTotals(59.97m, 6.00m, 4.50m, 0m, 58.47m, "USD"), checkout.Totals);
        Assert.Empty(checkout.Problems);
        var order = await PostAsync<OrderResponse>(hub, $"checkouts/{checkout.Id}/complete", null);
        Assert.Equal((58.47m, "not_charged", 58.47m), (order.Totals.Total, order.PaymentStatus, order.Balance));

        // A declined card is recorded and changes nothing else.
        using var declined = await hub.PostAsJsonAsync($"{Commerce}/orders/{order.Id}/payments", new { method = "test", testCard = "4000 0000 0000 0002" });
        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        order = (await hub.GetFromJsonAsync<OrderResponse>($"{Commerce}/orders/{order.Id}"))!;
        Assert.Equal(("failed", 0m), (order.Payments.Single().Status, order.Charged));

        order = await PostAsync<OrderResponse>(hub, $"orders/{order.Id}/payments", new { method = "test", testCard = "4242 4242 4242 4242" }, HttpStatusCode.OK);
        Assert.Equal((58.47m, "fully_charged", 0m), (order.Charged, order.PaymentStatus, order.Balance));
        order = await PostAsync<OrderResponse>(hub, $"orders/{order.Id}/refunds", new { amount = 10m, reason = "Scratched box" }, HttpStatusCode.OK);
        // A refund is the shop giving money back, not something the buyer now owes.
        Assert.Equal((10m, "partially_refunded", 0m), (order.Refunded, order.PaymentStatus, order.Balance));
        var tooMuch = await hub.PostAsJsonAsync($"{Commerce}/orders/{order.Id}/refunds", new { amount = 48.48m });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);

        // Ship one, then the other two: the stock leaves the warehouse.
        var line = order.Lines.Single();
        order = await PostAsync<OrderResponse>(hub, $"orders/{order.Id}/fulfillments", new { warehouseId = shop.WarehouseId, lines = new[] { new { orderLineId = line.Id, quantity = 1 } } }, HttpStatusCode.OK);
        Assert.Equal(OrderStatuses.PartiallyFulfilled, order.Status);
        using var cannotCancel = await hub.PostAsync($"{Commerce}/orders/{order.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, cannotCancel.StatusCode);
        order = await PostAsync<OrderResponse>(hub, $"orders/{order.Id}/fulfillments", new { warehouseId = shop.WarehouseId, lines = new[] { new { orderLineId = line.Id, quantity = 2 } } }, HttpStatusCode.OK);
        Assert.Equal(OrderStatuses.Fulfilled, order.Status);
        var stock = (await hub.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!.Single();
        Assert.Equal((7, 0), (stock.Quantity, stock.Allocated));

        // A second order, paid by bank transfer, marked paid, partly refunded, then cancelled.
        var second = await PostAsync<OrderResponse>(hub, $"checkouts/{(await CheckoutAsync(hub, shop, 4)).Id}/complete", null);
        Assert.Equal(4 * 19.99m + 4.5m, second.Totals.Total);
        second = await PostAsync<OrderResponse>(hub, $"orders/{second.Id}/payments", new { method = "bank_transfer" }, HttpStatusCode.OK);
        Assert.Equal(("pending", 0m), (second.Payments.Single().Status, second.Charged));
        second = await PostAsync<OrderResponse>(hub, $"orders/{second.Id}/payments/{second.Payments.Single().Id}/mark-paid", null, HttpStatusCode.OK);
        Assert.Equal((84.46m, "fully_charged"), (second.Charged, second.PaymentStatus));
        second = await PostAsync<OrderResponse>(hub, $"orders/{second.Id}/refunds", new { amount = 5m }, HttpStatusCode.OK);
        Assert.Equal(3, (await hub.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!.Single().Available);
        second = await PostAsync<OrderResponse>(hub, $"orders/{second.Id}/cancel", null, HttpStatusCode.OK);

        Assert.Equal((OrderStatuses.Cancelled, 84.46m, 84.46m, 0m, "fully_refunded"), (second.Status, second.Charged, second.Refunded, second.Balance, second.PaymentStatus));
        var events = second.Payments.Single().Events;
        Assert.Equal(["authorize", "charge", "refund", "refund"], events.Select(e => e.Kind).ToArray());
        Assert.Equal(second.Refunded, events.Where(e => e.Kind == "refund").Sum(e => e.Amount));
        stock = (await hub.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!.Single();
        Assert.Equal((7, 0, 7), (stock.Quantity, stock.Allocated, stock.Available));
        var movements = await hub.GetFromJsonAsync<List<StockMovementResponse>>($"{Commerce}/stock/movements?variantId={shop.VariantId}");
        Assert.Equal(["release", "allocation", "fulfillment", "fulfillment", "allocation", "restock"], movements!.Select(m => m.Reason).ToArray());

        // Today's net sales grew by the first order less its refund; the cancelled one counts for nothing.
        var sales = (await hub.GetFromJsonAsync<RevenueStats>($"{Commerce}/orders/stats?days=1"))!;
        Assert.Equal(("USD", salesBefore.Orders + 1, salesBefore.Revenue + 48.47m), (sales.Currency, sales.Orders, sales.Revenue));
        Assert.Equal(sales.Revenue, Assert.Single(sales.ByDay).Revenue);
    }

    [Fact]
    public async Task Another_tenant_finds_none_of_the_stores_records()
    {
        using var hub = await StaffAsync();
        var shop = await ShopAsync(hub, stock: 3);
        var checkout = await CheckoutAsync(hub, shop, 1);
        var order = await PostAsync<OrderResponse>(hub, $"checkouts/{checkout.Id}/complete", null);

        using var other = await platform.Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        foreach (var path in new[] { $"products/{shop.ProductId}", $"checkouts/{checkout.Id}", $"orders/{order.Id}" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Commerce}/{path}")).StatusCode);
        }
        foreach (var path in new[] { $"checkouts/{checkout.Id}/complete", $"orders/{order.Id}/cancel", $"orders/{order.Id}/confirm" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"{Commerce}/{path}", null)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"{Commerce}/orders/{order.Id}/payments", new { method = "test" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"{Commerce}/orders/{order.Id}/refunds", new { amount = 1m })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.PostAsJsonAsync($"{Commerce}/stock/changes", new { variantId = shop.VariantId, warehouseId = shop.WarehouseId, change = -3, reason = "damaged" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.PostAsJsonAsync($"{Commerce}/checkouts", new { lines = new[] { new { variantId = shop.VariantId, quantity = 1 } } })).StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!);
        Assert.DoesNotContain((await other.GetFromJsonAsync<List<OrderResponse>>($"{Commerce}/orders?limit=500"))!, o => o.Id == order.Id);

        // The owner's records are as they were.
        Assert.Equal(OrderStatuses.Unfulfilled, (await hub.GetFromJsonAsync<OrderResponse>($"{Commerce}/orders/{order.Id}"))!.Status);
        Assert.Equal(3, (await hub.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!.Single().Quantity);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_naming_the_fields_and_writes_nothing()
    {
        using var hub = await StaffAsync();
        var shop = await ShopAsync(hub, stock: 2);
        var before = (await hub.GetFromJsonAsync<ProductCount>($"{Commerce}/products/count"))!.Count;

        await AssertFieldsAsync(hub, "products", new { name = "", price = -1m }, "name", "price");
        await AssertFieldsAsync(hub, "products", new { name = "Mug", price = 9.999m, currency = "EUR" }, "price", "currency");
        await AssertFieldsAsync(hub, "products", new { name = "Twins", variants = new[] { new { sku = shop.Sku, price = 1m } } }, "variants");
        await AssertFieldsAsync(hub, "vouchers", new { code = "x", kind = "percentage", value = 150m }, "code", "value");
        await AssertFieldsAsync(hub, "warehouses", new { name = "Nowhere", country = "France" }, "country");
        await AssertFieldsAsync(hub, "checkouts", new { email = "not-an-email", lines = new[] { new { variantId = shop.VariantId, quantity = 0 } } }, "email", "lines[0].quantity");
        await AssertFieldsAsync(hub, "stock/changes", new { variantId = shop.VariantId, warehouseId = shop.WarehouseId, change = 5, reason = "gift" }, "reason");
        Assert.Equal(before, (await hub.GetFromJsonAsync<ProductCount>($"{Commerce}/products/count"))!.Count);

        // A checkout without the buyer's part cannot complete, and says what is missing.
        var incomplete = await PostAsync<CheckoutResponse>(hub, "checkouts", new { lines = new[] { new { variantId = shop.VariantId, quantity = 1 } } });
        Assert.Equal(3, incomplete.Problems.Count);
        await AssertFieldsAsync(hub, $"checkouts/{incomplete.Id}/complete", null, "email", "shippingAddress", "shippingMethodId");
        // More than there is: refused, nothing held.
        var greedy = await CheckoutAsync(hub, shop, 3);
        Assert.Contains("Only 2 of", Assert.Single(greedy.Problems));
        using var refused = await hub.PostAsync($"{Commerce}/checkouts/{greedy.Id}/complete", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        // Taking away stock that orders hold is refused.
        await PostAsync<OrderResponse>(hub, $"checkouts/{(await CheckoutAsync(hub, shop, 2)).Id}/complete", null);
        using var shrink = await hub.PostAsJsonAsync($"{Commerce}/stock/changes", new { variantId = shop.VariantId, warehouseId = shop.WarehouseId, change = -1, reason = "damaged" });
        Assert.Equal(HttpStatusCode.Conflict, shrink.StatusCode);
        var stock = (await hub.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!.Single();
        Assert.Equal((2, 2), (stock.Quantity, stock.Allocated));

        // Store settings: tenant admins only; the currency is fixed once the store has orders; a bad tax rate is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await hub.PutAsJsonAsync($"{Commerce}/store/settings", new { currency = "USD", taxRatePercent = 5 })).StatusCode);
        using var admin = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        using var euro = await admin.PutAsJsonAsync($"{Commerce}/store/settings", new { currency = "EUR", taxRatePercent = 0 });
        Assert.Equal(HttpStatusCode.Conflict, euro.StatusCode);
        using var taxed = await admin.PutAsJsonAsync($"{Commerce}/store/settings", new { currency = "USD", taxRatePercent = 120 });
        Assert.Equal(HttpStatusCode.BadRequest, taxed.StatusCode);
        var settings = (await admin.GetFromJsonAsync<StoreSettingsResponse>($"{Commerce}/store/settings"))!;
        Assert.Equal(("USD", 0m, true), (settings.Currency, settings.TaxRatePercent, settings.HasOrders));
    }

    [Fact]
    public async Task A_cancelled_order_gives_its_voucher_back_and_a_returned_order_puts_its_stock_back_on_the_shelf()
    {
        using var hub = await StaffAsync();
        var shop = await ShopAsync(hub, stock: 5);
        var code = $"ONCE{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        await PostAsync<VoucherResponse>(hub, "vouchers", new { code, kind = "fixed", value = 2m, usageLimit = 1, oncePerCustomer = true });
        var email = $"returns-{Guid.NewGuid():N}@example.com";
        async Task<int> VoucherUsedAsync() => (await hub.GetFromJsonAsync<List<VoucherResponse>>($"{Commerce}/vouchers"))!.Single(v => v.Code == code).Used;
        async Task<StockResponse> StockAsync() => (await hub.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!.Single();

        var first = await PostAsync<OrderResponse>(hub, $"checkouts/{(await CheckoutAsync(hub, shop, 2, code, email)).Id}/complete", null);
        Assert.Equal(1, await VoucherUsedAsync());
        await PostAsync<OrderResponse>(hub, $"orders/{first.Id}/cancel", null, HttpStatusCode.OK);
        Assert.Equal(0, await VoucherUsedAsync());

        // The same customer may use the once-per-customer voucher again, and its limit of 1 is free again.
        var second = await PostAsync<OrderResponse>(hub, $"checkouts/{(await CheckoutAsync(hub, shop, 2, code, email)).Id}/complete", null);
        Assert.Equal((2m, 1), (second.Totals.Discount, await VoucherUsedAsync()));
        await PostAsync<OrderResponse>(hub, $"orders/{second.Id}/payments", new { method = "test" }, HttpStatusCode.OK);
        using (var early = await hub.PostAsync($"{Commerce}/orders/{second.Id}/return", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }
        var shipped = await PostAsync<OrderResponse>(hub, $"orders/{second.Id}/fulfillments",
            new { warehouseId = shop.WarehouseId, lines = new[] { new { orderLineId = second.Lines[0].Id, quantity = 2 } } }, HttpStatusCode.OK);
        Assert.Equal(OrderStatuses.Fulfilled, shipped.Status);
        Assert.Equal((3, 0), ((await StockAsync()).Quantity, (await StockAsync()).Allocated));

        var returned = await PostAsync<OrderResponse>(hub, $"orders/{second.Id}/return", null, HttpStatusCode.OK);
        Assert.Equal((OrderStatuses.Returned, 0m), (returned.Status, returned.Balance));
        var stock = await StockAsync();
        Assert.Equal((5, 0, 5), (stock.Quantity, stock.Allocated, stock.Available));
        var movements = (await hub.GetFromJsonAsync<List<StockMovementResponse>>($"{Commerce}/stock/movements?variantId={shop.VariantId}"))!;
        Assert.Equal(2, Assert.Single(movements, m => m.Reason == StockReasons.Return).Change);
        using (var twice = await hub.PostAsync($"{Commerce}/orders/{second.Id}/return", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }
        // The money is the shop's call: a full refund reconciles the returned order.
        var refunded = await PostAsync<OrderResponse>(hub, $"orders/{second.Id}/refunds", new { amount = returned.Charged, reason = "Returned" }, HttpStatusCode.OK);
        Assert.Equal(refunded.Charged, refunded.Refunded);
    }

    [Fact]
    public async Task Search_ranks_name_matches_first_forgives_typos_honours_phrases_and_exclusions_and_uses_its_indexes()
    {
        using var hub = await StaffAsync();
        var word = $"quokka{Guid.NewGuid():N}"[..14];
        var mug = await PostAsync<ProductResponse>(hub, "products", new { name = $"{word} mug", description = "Stoneware, 350 ml", price = 12m });
        var flask = await PostAsync<ProductResponse>(hub, "products", new { name = "Travel flask", description = $"Keeps a {word} cold for hours", price = 20m });

        static async Task<List<Guid>> SearchAsync(HttpClient client, string q) =>
            (await client.GetFromJsonAsync<List<ProductResponse>>($"{Commerce}/products?q={Uri.EscapeDataString(q)}"))!.Select(p => p.Id).ToList();

        Assert.Equal([mug.Id, flask.Id], await SearchAsync(hub, word));
        Assert.Equal([mug.Id, flask.Id], await SearchAsync(hub, word.ToUpperInvariant()));
        Assert.Equal([mug.Id], await SearchAsync(hub, $"\"{word} mug\""));
        Assert.Equal([flask.Id], await SearchAsync(hub, $"{word} -mug"));
        // The flask matches both words (one in its name): first.
        Assert.Equal([flask.Id, mug.Id], await SearchAsync(hub, $"{word} or flask"));
        // A typo: nothing matches the words, so the nearest spelling of a name does.
        Assert.Equal(mug.Id, (await SearchAsync(hub, word.Remove(2, 1) + " mugg"))[0]);
        // Another tenant finds nothing of it.
        using var other = await platform.Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        Assert.Empty(await SearchAsync(other, word));

        // Both searches look their operator up in a tenant-led GIN index (the plans as the search function runs them; on a table
        // this small the planner would rather scan it, so sequential scans are ruled out): under row-level security neither
        // @@ nor <% could be an index condition, only a filter.
        using var admin = await platform.Tokens.ClientAsync("hub", "admin@coreldove.dev");
        var plan = string.Join("\n", (await admin.GetFromJsonAsync<List<string>>($"{Commerce}/products/search-plan?preferIndexes=true&q={Uri.EscapeDataString(word.Remove(2, 1))}"))!);
        var (words, spelling) = (plan[..plan.IndexOf("Spelling:", StringComparison.Ordinal)], plan[plan.IndexOf("Spelling:", StringComparison.Ordinal)..]);
        Assert.True(IndexCondition(words, "@@"), plan);
        // PostgreSQL shows the word-similarity condition as its commutator: name_key %> 'query'.
        Assert.True(IndexCondition(spelling, "%>"), plan);
        Assert.DoesNotContain("Seq Scan", plan);
    }

    [Fact]
    public async Task Product_types_define_the_attributes_their_products_are_checked_searched_and_filtered_by()
    {
        using var hub = await StaffAsync();
        var typeName = $"Mugs {Guid.NewGuid():N}"[..20];
        var type = await PostAsync<ProductTypeResponse>(hub, "product-types", new
        {
            name = typeName,
            attributes = new object[]
            {
                new { name = "Material", kind = "choice", required = true, choices = new[] { "Stoneware", "Porcelain" } },
                new { name = "Capacity", kind = "number", unit = "ml" },
                new { name = "Glaze", kind = "text" },
            },
        });
        Assert.Equal(["Material", "Capacity", "Glaze"], type.Attributes.Select(a => a.Name));

        // The type's own rules: a choice needs choices, only a choice has them, names are unique.
        await AssertFieldsAsync(hub, "product-types", new
        {
            name = $"Bad {typeName}",
            attributes = new object[]
            {
                new { name = "Size", kind = "choice" },
                new { name = "Weight", kind = "number", choices = new[] { "1" } },
                new { name = "material", kind = "text" },
                new { name = "MATERIAL", kind = "text" },
                new { name = "Colour", kind = "rgb" },
            },
        }, "attributes[0].choices", "attributes[1].choices", "attributes[3].name", "attributes[4].kind");
        Assert.DoesNotContain((await hub.GetFromJsonAsync<List<ProductTypeResponse>>($"{Commerce}/product-types"))!, t => t.Name == $"Bad {typeName}");

        // A product's values are checked against its type and kept in the type's spelling; a number is a number.
        var word = $"celadon{Guid.NewGuid():N}"[..15];
        var mug = await PostAsync<ProductResponse>(hub, "products", new
        {
            name = $"Tea bowl {word[..10]}",
            price = 18m,
            productTypeId = type.Id,
            attributes = new Dictionary<string, string> { ["material"] = "porcelain", ["Capacity"] = "350", ["glaze"] = word },
        });
        Assert.Equal(new Dictionary<string, string> { ["Material"] = "Porcelain", ["Capacity"] = "350", ["Glaze"] = word }, mug.Attributes);
        await AssertFieldsAsync(hub, "products", new
        {
            name = $"Bad mug {word}",
            price = 5m,
            productTypeId = type.Id,
            attributes = new Dictionary<string, string> { ["Capacity"] = "big", ["Handle"] = "yes" },
        }, "attributes.capacity", "attributes.handle", "attributes.material");
        await AssertFieldsAsync(hub, "products", new { name = $"Bad mug {word}", price = 5m, attributes = new Dictionary<string, string> { ["Material"] = "Stoneware" } }, "attributes");
        await AssertFieldsAsync(hub, "products", new { name = $"Bad mug {word}", price = 5m, productTypeId = Guid.NewGuid() }, "productTypeId");
        Assert.Empty((await hub.GetFromJsonAsync<List<ProductResponse>>($"{Commerce}/products?q={Uri.EscapeDataString($"Bad mug {word}")}"))!);

        // Attribute values are searched (with the category and variants, below the name) and filtered on.
        var plain = await PostAsync<ProductResponse>(hub, "products", new
        {
            name = $"Tea bowl {word[..10]} plain",
            price = 15m,
            productTypeId = type.Id,
            attributes = new Dictionary<string, string> { ["Material"] = "Stoneware" },
        });
        Assert.Equal([mug.Id], (await hub.GetFromJsonAsync<List<ProductResponse>>($"{Commerce}/products?q={word}"))!.Select(p => p.Id));
        Assert.Equal([mug.Id], (await hub.GetFromJsonAsync<List<ProductResponse>>(
            $"{Commerce}/products?q={Uri.EscapeDataString(word[..10])}&attribute=material:PORCELAIN"))!.Select(p => p.Id));
        Assert.Equal([plain.Id, mug.Id], (await hub.GetFromJsonAsync<List<ProductResponse>>($"{Commerce}/products?productTypeId={type.Id}"))!.Select(p => p.Id));
        using (var badFilter = await hub.GetAsync($"{Commerce}/products?attribute=material"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        }

        // A type change that would leave a product without a fitting value is refused; one that fits is taken.
        using (var narrowed = await hub.PutAsJsonAsync($"{Commerce}/product-types/{type.Id}", new
        {
            name = typeName,
            attributes = new object[] { new { name = "Material", kind = "choice", required = true, choices = new[] { "Stoneware" } } },
        }))
        {
            Assert.Equal(HttpStatusCode.Conflict, narrowed.StatusCode);
        }
        using (var widened = await hub.PutAsJsonAsync($"{Commerce}/product-types/{type.Id}", new
        {
            name = typeName,
            attributes = new object[]
            {
                new { name = "Material", kind = "choice", required = true, choices = new[] { "Stoneware", "Porcelain", "Earthenware" } },
                new { name = "Capacity", kind = "number", unit = "ml" },
                new { name = "Glaze", kind = "text" },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, widened.StatusCode);
            Assert.Equal(2, (await widened.Content.ReadFromJsonAsync<ProductTypeResponse>())!.ProductCount);
        }
        using (var inUse = await hub.DeleteAsync($"{Commerce}/product-types/{type.Id}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        }

        // Another tenant finds neither the type nor can it give its products that type.
        using var other = await platform.Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        using (var notFound = await other.GetAsync($"{Commerce}/product-types/{type.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        }
        await AssertFieldsAsync(other, "products", new { name = "Borrowed type", price = 5m, productTypeId = type.Id }, "productTypeId");
    }

    [Fact]
    public async Task A_store_that_reserves_holds_a_carts_stock_for_its_buyer_until_the_reservation_expires()
    {
        // ThrillRing's store: no other test changes its settings, so reserving there touches no other test's checkouts.
        using var admin = await platform.Tokens.ClientAsync("hub", "admin@thrillring.dev");
        var before = (await admin.GetFromJsonAsync<StoreSettingsResponse>($"{Commerce}/store/settings"))!;
        try
        {
            using (var on = await admin.PutAsJsonAsync($"{Commerce}/store/settings", new { currency = before.Currency, taxRatePercent = before.TaxRatePercent, stockReservationSeconds = 3 }))
            {
                Assert.Equal(3, (await on.Content.ReadFromJsonAsync<StoreSettingsResponse>())!.StockReservationSeconds);
            }
            var shop = await ShopAsync(admin, stock: 3);

            // The first cart holds 2 of 3: a second cart cannot reserve 2, and may complete with the 1 that is free.
            var first = await CheckoutAsync(admin, shop, 2);
            Assert.NotNull(first.ReservedUntil);
            Assert.Equal(1, (await admin.GetFromJsonAsync<ProductResponse>($"{Commerce}/products/{shop.ProductId}"))!.Variants.Single().QuantityAvailable);
            using (var second = await admin.PostAsJsonAsync($"{Commerce}/checkouts", new
            {
                email = "second@example.com",
                lines = new[] { new { variantId = shop.VariantId, quantity = 2 } },
                shippingAddress = Address,
                shippingMethodId = shop.ShippingMethodId,
            }))
            {
                Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
                Assert.Contains("Only 1 of", await second.Content.ReadAsStringAsync());
            }
            var third = await CheckoutAsync(admin, shop, 1);
            await PostAsync<OrderResponse>(admin, $"checkouts/{third.Id}/complete", null);

            // Held stock is the first buyer's: it completes, and all 3 are sold, none twice.
            Assert.Empty(first.Problems);
            await PostAsync<OrderResponse>(admin, $"checkouts/{first.Id}/complete", null);
            Assert.Equal(3, (await admin.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={shop.VariantId}"))!.Single().Allocated);

            // A reservation that expires frees its stock: a cart that held 1 of a new shop's 1 and was left loses it.
            var other = await ShopAsync(admin, stock: 1);
            var left = await CheckoutAsync(admin, other, 1);
            using (var blocked = await admin.PostAsJsonAsync($"{Commerce}/checkouts", new { email = "blocked@example.com", lines = new[] { new { variantId = other.VariantId, quantity = 1 } } }))
            {
                Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
            }
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            Assert.Null((await admin.GetFromJsonAsync<CheckoutResponse>($"{Commerce}/checkouts/{left.Id}"))!.ReservedUntil);
            var after = await CheckoutAsync(admin, other, 1);
            await PostAsync<OrderResponse>(admin, $"checkouts/{after.Id}/complete", null);
            using (var tooLate = await admin.PostAsync($"{Commerce}/checkouts/{left.Id}/complete", null))
            {
                Assert.Equal(HttpStatusCode.Conflict, tooLate.StatusCode);
            }
            var stock = (await admin.GetFromJsonAsync<List<StockResponse>>($"{Commerce}/stock?variantId={other.VariantId}"))!.Single();
            Assert.Equal((1, 1, 0), (stock.Quantity, stock.Allocated, stock.Available));
        }
        finally
        {
            using var off = await admin.PutAsJsonAsync($"{Commerce}/store/settings", new { currency = before.Currency, taxRatePercent = before.TaxRatePercent, stockReservationSeconds = 0 });
            Assert.True(off.IsSuccessStatusCode);
        }
    }

    /// <summary>Whether the plan looks <paramref name="op"/> up in an index (an index or recheck condition), rather than
    /// filtering rows with it.</summary>
    private static bool IndexCondition(string plan, string op) =>
        plan.Split('\n').Any(line => (line.Contains("Index Cond:", StringComparison.Ordinal) || line.Contains("Recheck Cond:", StringComparison.Ordinal)) && line.Contains(op, StringComparison.Ordinal));

    private static async Task AssertFieldsAsync(HttpClient hub, string path, object? body, params string[] fields)
    {
        using var response = await hub.PostAsJsonAsync($"{Commerce}/{path}", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Equal(fields.Order(), problem.Errors.Keys.Order());
    }

    private static async Task<T> PostAsync<T>(HttpClient hub, string path, object? body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await hub.PostAsJsonAsync($"{Commerce}/{path}", body);
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
