using System.Security.Cryptography;
using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Checkouts;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Inventory;
using BizOSaaS.Commerce.Orders;
using BizOSaaS.Commerce.Payments;
using BizOSaaS.Commerce.Store;
using BizOSaaS.Commerce.Validation;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>
/// The store as its shoppers see it, for the storefront (a <c>storefront</c> token the Portal's server holds for the
/// tenant): published products that can be bought now, without costs; placing an order in one request (checkout,
/// completion and payment, idempotent by the checkout id the storefront chose); an order's status by its secret key.
/// </summary>
public static class StorefrontApi
{
    public static IEndpointRouteBuilder MapStorefrontApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/storefront").WithTags("Storefront").RequireAuthorization(PlatformPolicies.Storefront);
        api.MapGet("/products", ListProducts).ProducesValidationProblem()
            .WithSummary("Products on sale now: best match first with q (words, phrases, typos forgiven), newest first without; filter by categoryId and attribute=name:value.");
        api.MapGet("/products/{id:guid}", GetProduct).WithSummary("A product on sale now, with its variants and what each can still sell.");
        api.MapGet("/categories", ListCategories).WithSummary("The store's categories.");
        api.MapGet("/shipping-methods", ListShipping).WithSummary("The shipping methods a shopper can choose.");
        api.MapPost("/orders", PlaceOrder).ValidatedWithHandlerRules()
            .WithSummary("Places a shopper's order: checkout, completion and payment at once. 201 with the order and its status key; the same checkoutId again answers 200 with the same order; a declined card cancels it (402).");
        api.MapGet("/orders/{id:guid}", GetOrder).WithSummary("An order's status for the shopper holding its key (404 otherwise).");
        return app;
    }

    private static async Task<Results<Ok<List<ShopProduct>>, ValidationProblem>> ListProducts(CommerceDb db, TimeProvider clock, [Text(200)] string? q, Guid? categoryId,
        string[]? attribute, [Between(1, 100)] int? limit, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = OnSale(db, clock.GetUtcNow()).Where(p => p.IsVisibleInListings).WithAttributes(db, attribute, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        query = categoryId is { } category ? query.Where(p => p.CategoryId == category) : query;
        var products = await db.ListAsync(query, q, limit ?? 48, cancellationToken);
        return TypedResults.Ok(await ShopProductsAsync(db, products, cancellationToken));
    }

    private static async Task<Results<Ok<ShopProduct>, ProblemHttpResult>> GetProduct(Guid id, CommerceDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var product = await OnSale(db, clock.GetUtcNow()).Include(p => p.Variants).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return product is null ? RecordProblems.NotFound("Product") : TypedResults.Ok((await ShopProductsAsync(db, [product], cancellationToken))[0]);
    }

    private static async Task<Ok<List<ShopCategory>>> ListCategories(CommerceDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Categories.AsNoTracking().OrderBy(c => c.Name).Take(200).Select(c => new ShopCategory(c.Id, c.Name, c.Slug)).ToListAsync(cancellationToken));

    private static async Task<Ok<List<ShopShippingMethod>>> ListShipping(CommerceDb db, CancellationToken cancellationToken)
    {
        var currency = (await db.StoreSettingsAsync(cancellationToken)).Currency;
        return TypedResults.Ok(await db.ShippingMethods.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Price).ThenBy(s => s.Name).Take(50)
            .Select(s => new ShopShippingMethod(s.Id, s.Name, s.Price, currency)).ToListAsync(cancellationToken));
    }

    private static async Task<Results<Created<ShopOrder>, Ok<ShopOrder>, ValidationProblem, ProblemHttpResult>> PlaceOrder(
        ShopOrderRequest request, CommerceDb db, RequestValidator validator, CheckoutCompletion completion, OrderPayments payments, OrderWorkflow workflow,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        var lines = request.Lines ?? [];
        if (lines.Count is 0 or > 50)
        {
            errors.Add("lines", "An order has 1 to 50 lines.");
        }
        var now = clock.GetUtcNow();
        var variantIds = lines.Select(l => l.VariantId).OfType<Guid>().Distinct().ToList();
        var onSale = await OnSale(db, now).SelectMany(p => p.Variants).Where(v => variantIds.Contains(v.Id)).Select(v => v.Id).ToListAsync(cancellationToken);
        foreach (var (line, index) in lines.Select((l, i) => (l, i)))
        {
            if (line.VariantId is { } variantId && !onSale.Contains(variantId))
            {
                errors.Add($"lines[{index}].variantId", "This shop sells no such product now.");
            }
        }
        if (request.ShippingMethodId is { } methodId && !await db.ShippingMethods.AnyAsync(s => s.Id == methodId && s.IsActive, cancellationToken))
        {
            errors.Add("shippingMethodId", "This shop offers no such shipping method.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var checkoutId = request.CheckoutId!.Value;
        // A double click sends the same checkout twice at once: the first writes it, the other waits here and finds it.
        await using (var writing = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({checkoutId.ToString()}, 0))", cancellationToken);
            var earlier = await db.Checkouts.AsNoTracking().Where(c => c.Id == checkoutId).Select(c => new { c.Email }).FirstOrDefaultAsync(cancellationToken);
            if (earlier is not null && !string.Equals(earlier.Email, request.Email!.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                // A repeat is the same shopper's; any other checkout of the store is not the storefront's to complete.
                return RecordProblems.Conflict("Checkout taken", "That checkout id belongs to another order; the storefront starts a new one.");
            }
            if (earlier is null)
            {
                var checkout = new Checkout
                {
                    Id = checkoutId,
                    Email = request.Email!.Trim(),
                    ShippingAddress = Address.From(request.ShippingAddress!),
                    ShippingMethodId = request.ShippingMethodId,
                    VoucherCode = request.VoucherCode.Trimmed()?.ToUpperInvariant(),
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                foreach (var (variantId, quantity) in lines.GroupBy(l => l.VariantId!.Value).Select(g => (g.Key, g.Sum(l => l.Quantity!.Value))))
                {
                    checkout.Lines.Add(new CheckoutLine { Id = Guid.CreateVersion7(), CheckoutId = checkoutId, VariantId = variantId, Quantity = quantity });
                }
                db.Checkouts.Add(checkout);
                await db.SaveChangesAsync(cancellationToken);
            }
            await writing.CommitAsync(cancellationToken);
        }

        var completed = await completion.CompleteAsync(checkoutId, cancellationToken);
        if (completed is not CheckoutCompletion.Completed { } order)
        {
            return completed is StoreOutcome.Invalid invalid ? invalid.Errors.ToProblem() : CommerceProblems.For(completed);
        }
        if (order.Created)
        {
            var paid = await payments.PayAsync(order.OrderId, new PaymentRequest(request.PaymentMethod!.Trim().ToLowerInvariant(), TestCard: request.TestCard.Trimmed()),
                "storefront", cancellationToken);
            if (paid is StoreOutcome.Declined declined)
            {
                // Nothing was charged: the order is cancelled and its stock returned, so the shopper can try again.
                await workflow.CancelAsync(order.OrderId, "storefront (payment declined)", cancellationToken);
                return TypedResults.Problem(statusCode: StatusCodes.Status402PaymentRequired, title: "Payment declined",
                    detail: $"{declined.Detail} Nothing was charged and the order was not placed.");
            }
        }
        // The key of the order-status link: made once, kept by a retry.
        await db.Orders.Where(o => o.Id == order.OrderId && o.AccessKey == null)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.AccessKey, RandomNumberGenerator.GetHexString(40, lowercase: true)), cancellationToken);
        var shopOrder = (await ShopOrderAsync(db, order.OrderId, cancellationToken))!;
        return order.Created ? TypedResults.Created($"/api/storefront/orders/{order.OrderId}", shopOrder) : TypedResults.Ok(shopOrder);
    }

    private static async Task<Results<Ok<ShopOrder>, ProblemHttpResult>> GetOrder(Guid id, [Text(64)] string? key, CommerceDb db, CancellationToken cancellationToken)
    {
        var order = await ShopOrderAsync(db, id, cancellationToken);
        // The same answer for a wrong key as for no order: the link is the only way in.
        return order is not null && key is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(order.AccessKey), System.Text.Encoding.UTF8.GetBytes(key))
            ? TypedResults.Ok(order)
            : RecordProblems.NotFound("Order");
    }

    private static IQueryable<Product> OnSale(CommerceDb db, DateTimeOffset now) =>
        db.Products.AsNoTracking().Where(p => p.IsPublished && (p.AvailableForPurchaseAt == null || p.AvailableForPurchaseAt <= now) && p.Variants.Any());

    private static async Task<List<ShopProduct>> ShopProductsAsync(CommerceDb db, List<Product> products, CancellationToken cancellationToken)
    {
        var settings = await db.StoreSettingsAsync(cancellationToken);
        var available = await db.AvailableAsync(products.SelectMany(p => p.Variants).Select(v => v.Id).ToList(), cancellationToken);
        var categoryIds = products.Select(p => p.CategoryId).OfType<Guid>().Distinct().ToList();
        var categories = await db.Categories.AsNoTracking().Where(c => categoryIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var typeIds = products.Select(p => p.ProductTypeId).OfType<Guid>().Distinct().ToList();
        var types = await db.ProductTypes.AsNoTracking().Where(t => typeIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        return products.Select(p => new ShopProduct(p.Id, p.Name, p.Description, p.CategoryId, p.CategoryId is { } c ? categories.GetValueOrDefault(c) : null,
            p.Variants.Min(v => v.Price), settings.Currency, p.ImageUrls,
            p.Variants.OrderBy(v => v.Price).ThenBy(v => v.Name).Select(v =>
            {
                int? left = v.TrackInventory ? Math.Max(0, available.GetValueOrDefault(v.Id)) : null;
                return new ShopVariant(v.Id, v.Name, v.Sku, v.Price, left, left is null or > 0);
            }).ToList(),
            p.ProductTypeId is { } t && types.TryGetValue(t, out var type)
                ? type.Attributes.Where(a => p.Attributes.ContainsKey(a.Name))
                    .Select(a => new ShopAttribute(a.Name, a.Unit is null ? p.Attributes[a.Name] : $"{p.Attributes[a.Name]} {a.Unit}")).ToList()
                : [])).ToList();
    }

    private static async Task<ShopOrder?> ShopOrderAsync(CommerceDb db, Guid id, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id && o.AccessKey != null, cancellationToken);
        if (order is null)
        {
            return null;
        }
        var pending = await db.PaymentTransactions.AnyAsync(t => t.OrderId == id && t.Status == TransactionStatuses.Pending, cancellationToken);
        var paymentStatus = order.Status == OrderStatuses.Cancelled ? "cancelled" : pending && order.Charged == 0 ? "awaiting_payment" : OrderReader.PaymentStatus(order);
        return new ShopOrder(order.Id, order.Number, order.Status, paymentStatus, order.Email, order.ShippingAddress, order.ShippingMethodName,
            order.Lines.Select(l => new ShopOrderLine(l.ProductName, l.VariantName, l.Quantity, l.QuantityFulfilled, l.UnitPrice, l.Total)).ToList(),
            new CheckoutTotals(order.Subtotal, order.Discount, order.Shipping, order.Tax, order.Total, order.Currency),
            order.Charged - order.Refunded, OrderReader.Balance(order), order.AccessKey!, order.CreatedAt);
    }
}
