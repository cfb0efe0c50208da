using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Checkouts;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Inventory;
using BizOSaaS.Commerce.Orders;
using BizOSaaS.Commerce.Payments;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Demo;

/// <summary>
/// Development only: a store for CorelDove (the seed tenant that sells), so a developer's store is not empty — categories,
/// products with variants, a warehouse with stock, shipping methods, a voucher, and orders of the last weeks placed
/// through the real checkout (so stock, vouchers and money obey the same rules), some paid and shipped. Every product and
/// order is marked <c>IsDemo</c>. Written once, into a store with no products of its own; off with
/// <c>Commerce:DemoData=false</c>.
/// </summary>
public sealed class StoreDemoData(IServiceProvider services, IHostEnvironment environment, IConfiguration configuration, TenantContext tenantContext,
    TimeProvider clock, ILogger<StoreDemoData> logger) : IHostedService
{
    private static readonly (string Category, string Name, decimal Price, string[] Variants, string Material)[] Catalog =
    [
        ("Apparel", "Organic cotton tee", 24.00m, ["S", "M", "L", "XL"], "Cotton"),
        ("Apparel", "Merino hoodie", 79.00m, ["S", "M", "L"], "Wool"),
        ("Apparel", "Linen shirt", 54.50m, ["M", "L"], "Linen"),
        ("Home", "Stoneware mug", 14.99m, ["Sand", "Slate"], "Stoneware"),
        ("Home", "Beeswax candle", 18.00m, ["Small", "Large"], "Beeswax"),
        ("Home", "Waffle towel", 22.00m, ["Bath", "Hand"], "Cotton"),
        ("Accessories", "Canvas tote", 19.50m, ["Natural"], "Cotton"),
        ("Accessories", "Leather card holder", 35.00m, ["Tan", "Black"], "Leather"),
        ("Accessories", "Wool beanie", 27.00m, ["Grey", "Navy"], "Wool"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !configuration.GetValue("Commerce:DemoData", true))
        {
            return;
        }
        using (tenantContext.Use(DevelopmentTenants.CorelDove))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CommerceDb>();
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('bizosaas.commerce.demo_data'))", cancellationToken);
                if (await db.Products.AnyAsync(cancellationToken))
                {
                    return;
                }
                WriteCatalog(db);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            var orders = await PlaceOrdersAsync(scope.ServiceProvider, cancellationToken);
            logger.LogInformation("Wrote a demo store for the seed tenant CorelDove: {Products} products, {Orders} orders (Development only)", Catalog.Length, orders);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void WriteCatalog(CommerceDb db)
    {
        var now = clock.GetUtcNow();
        var warehouse = new Warehouse { Id = Guid.CreateVersion7(), Name = "Lyon warehouse", City = "Lyon", Country = "FR", CreatedAt = now };
        db.Warehouses.Add(warehouse);
        db.ShippingMethods.Add(new ShippingMethod { Id = Guid.CreateVersion7(), Name = "Standard (3-5 days)", Price = 4.90m, CreatedAt = now });
        db.ShippingMethods.Add(new ShippingMethod { Id = Guid.CreateVersion7(), Name = "Express (next day)", Price = 12.00m, CreatedAt = now });
        db.Vouchers.Add(new Voucher { Id = Guid.CreateVersion7(), Code = "WELCOME10", Kind = VoucherKinds.Percentage, Value = 10m, OncePerCustomer = true, CreatedAt = now });
        var categories = Catalog.Select(c => c.Category).Distinct()
            .ToDictionary(name => name, name => new Category { Id = Guid.CreateVersion7(), Name = name, Slug = name.ToLowerInvariant(), CreatedAt = now });
        db.Categories.AddRange(categories.Values);
        var goods = new ProductType
        {
            Id = Guid.CreateVersion7(),
            Name = "Goods",
            Attributes = [new ProductAttribute("Material", AttributeKinds.Choice, Required: true, Catalog.Select(c => c.Material).Distinct().Order().ToList(), null)],
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ProductTypes.Add(goods);
        foreach (var (index, (category, name, price, variants, material)) in Catalog.Index())
        {
            var product = new Product
            {
                Id = Guid.CreateVersion7(),
                Name = name,
                Description = $"{name}, from CorelDove's demo catalogue.",
                CategoryId = categories[category].Id,
                ProductTypeId = goods.Id,
                Attributes = new() { ["Material"] = material },
                IsPublished = true,
                IsDemo = true,
                CreatedAt = now,
                UpdatedAt = now,
            };
            foreach (var (position, variant) in variants.Index())
            {
                var sku = $"CD-{index + 1:D2}-{variant.ToUpperInvariant()}";
                var item = new ProductVariant { Id = Guid.CreateVersion7(), ProductId = product.Id, Sku = sku, Name = variant, Price = price, CostPrice = decimal.Round(price * 0.45m, 2), CreatedAt = now };
                product.Variants.Add(item);
                db.Stocks.Add(new Stock { Id = Guid.CreateVersion7(), VariantId = item.Id, WarehouseId = warehouse.Id, Quantity = 20 + 7 * position + index });
                db.StockMovements.Add(new StockMovement
                {
                    Id = Guid.CreateVersion7(),
                    VariantId = item.Id,
                    WarehouseId = warehouse.Id,
                    Change = 20 + 7 * position + index,
                    Reason = StockReasons.Restock,
                    Note = "Demo data",
                    ActorName = "demo data",
                    OccurredAt = now,
                });
            }
            db.Products.Add(product);
        }
    }

    /// <summary>Sixteen orders through the real checkout, dated over the last four weeks; most paid, some shipped, one cancelled.</summary>
    private async Task<int> PlaceOrdersAsync(IServiceProvider scope, CancellationToken cancellationToken)
    {
        var db = scope.GetRequiredService<CommerceDb>();
        var variants = await db.Variants.AsNoTracking().OrderBy(v => v.Sku).ToListAsync(cancellationToken);
        var shipping = await db.ShippingMethods.AsNoTracking().OrderBy(s => s.Price).ToListAsync(cancellationToken);
        var warehouse = await db.Warehouses.AsNoTracking().SingleAsync(cancellationToken);
        var random = new Random(1616);
        var now = clock.GetUtcNow();
        var placed = 0;
        for (var i = 0; i < 16; i++)
        {
            var lines = variants.OrderBy(_ => random.Next()).Take(1 + random.Next(3)).Select(v => new CheckoutLine { Id = Guid.CreateVersion7(), VariantId = v.Id, Quantity = 1 + random.Next(2) }).ToList();
            var checkout = new Checkout
            {
                Id = Guid.CreateVersion7(),
                Email = $"shopper{i + 1}@example.com",
                ShippingMethodId = shipping[random.Next(shipping.Count)].Id,
                ShippingAddress = new Address($"Demo Shopper {i + 1}", $"{10 + i} Rue de la République", null, "Lyon", "69002", "FR", null),
                VoucherCode = i % 5 == 0 ? "WELCOME10" : null,
                CreatedAt = now,
                UpdatedAt = now,
                Lines = lines,
            };
            db.Checkouts.Add(checkout);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (await scope.GetRequiredService<CheckoutCompletion>().CompleteAsync(checkout.Id, cancellationToken) is not CheckoutCompletion.Completed done)
            {
                continue;
            }
            placed++;
            db.ChangeTracker.Clear();
            var payments = scope.GetRequiredService<OrderPayments>();
            if (i % 4 != 3)
            {
                await payments.PayAsync(done.OrderId, new PaymentRequest(i % 3 == 0 ? PaymentMethods.BankTransfer : PaymentMethods.Test), "demo data", cancellationToken);
            }
            db.ChangeTracker.Clear();
            if (i % 3 == 1)
            {
                var orderLines = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == done.OrderId).ToListAsync(cancellationToken);
                await scope.GetRequiredService<OrderWorkflow>().FulfillAsync(done.OrderId,
                    new FulfillmentRequest(warehouse.Id, orderLines.Select(l => new FulfillmentLineRequest(l.Id, l.Quantity)).ToList()), "demo data", cancellationToken);
            }
            else if (i == 7)
            {
                await scope.GetRequiredService<OrderWorkflow>().CancelAsync(done.OrderId, "demo data", cancellationToken);
            }
            db.ChangeTracker.Clear();
            // Spread over the last four weeks, so the revenue charts have days to show.
            var placedAt = now.AddDays(-27 + i * 27 / 15).AddHours(-random.Next(12));
            await db.Orders.Where(o => o.Id == done.OrderId).ExecuteUpdateAsync(o => o.SetProperty(x => x.CreatedAt, placedAt).SetProperty(x => x.IsDemo, true), cancellationToken);
        }
        return placed;
    }
}
