using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Inventory;
using BizOSaaS.Commerce.Store;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Checkouts;

/// <summary>
/// A checkout priced from the catalog as it is now: its lines with today's prices, the voucher and shipping it chose, the
/// totals (<see cref="CheckoutPricing"/>), and what stops it from completing — <see cref="Missing"/> (the buyer's part:
/// email, address, shipping method, a voucher that does not apply) and <see cref="Unavailable"/> (the store's: a product
/// not for sale, not enough stock).
/// </summary>
public sealed class CheckoutQuote
{
    public required Checkout Checkout { get; init; }
    public required StoreSettings Settings { get; init; }
    public required IReadOnlyList<(CheckoutLine Line, ProductVariant Variant, Product Product)> Lines { get; init; }
    public ShippingMethod? ShippingMethod { get; init; }
    public Voucher? Voucher { get; init; }
    public required CheckoutTotals Totals { get; init; }
    public FieldErrors Missing { get; } = new();
    public List<string> Unavailable { get; } = [];

    public CheckoutResponse ToResponse() => new(Checkout.Id, Checkout.Email,
        Lines.Select(l => new CheckoutLineResponse(l.Variant.Id, l.Product.Id, l.Product.Name, l.Variant.Name, l.Variant.Sku, l.Line.Quantity, l.Variant.Price,
            CheckoutPricing.LineTotal(l.Variant.Price, l.Line.Quantity))).ToList(),
        Checkout.ShippingAddress, Checkout.ShippingMethodId, Checkout.VoucherCode, Totals, Checkout.OrderId,
        Missing.ToDictionary().SelectMany(e => e.Value).Concat(Unavailable).ToList(), Checkout.CreatedAt, Checkout.UpdatedAt);

    public static async Task<CheckoutQuote> PriceAsync(CommerceDb db, Checkout checkout, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = await db.StoreSettingsAsync(cancellationToken);
        var variantIds = checkout.Lines.Select(l => l.VariantId).ToList();
        var variants = await (from v in db.Variants.AsNoTracking() join p in db.Products.AsNoTracking() on v.ProductId equals p.Id where variantIds.Contains(v.Id) select new { v, p })
            .ToDictionaryAsync(x => x.v.Id, cancellationToken);
        var lines = checkout.Lines.Where(l => variants.ContainsKey(l.VariantId)).OrderBy(l => l.Id)
            .Select(l => (l, variants[l.VariantId].v, variants[l.VariantId].p)).ToList();
        var shipping = checkout.ShippingMethodId is { } methodId ? await db.ShippingMethods.AsNoTracking().FirstOrDefaultAsync(s => s.Id == methodId && s.IsActive, cancellationToken) : null;
        var voucher = checkout.VoucherCode is { } code ? await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(v => v.Code == code, cancellationToken) : null;

        var missing = new FieldErrors();
        if (voucher is not null && !voucher.IsActiveAt(now))
        {
            missing.Add("voucherCode", $"The voucher {voucher.Code} is not valid now.");
            voucher = null;
        }
        else if (checkout.VoucherCode is not null && voucher is null)
        {
            missing.Add("voucherCode", $"There is no voucher {checkout.VoucherCode}.");
        }
        var priced = lines.Select(x => new CheckoutPricing.PricedLine(x.p.Id, x.l.Quantity, x.v.Price)).ToList();
        var quote = new CheckoutQuote
        {
            Checkout = checkout,
            Settings = settings,
            Lines = lines,
            ShippingMethod = shipping,
            Voucher = voucher,
            Totals = CheckoutPricing.Totals(priced, voucher, shipping?.Price ?? 0m, settings.TaxRatePercent, settings.Currency),
        };
        quote.Missing.Add(missing);
        if (checkout.Email is null)
        {
            quote.Missing.Add("email", "The buyer's email is required.");
        }
        if (checkout.ShippingAddress is null)
        {
            quote.Missing.Add("shippingAddress", "A shipping address is required.");
        }
        if (shipping is null)
        {
            quote.Missing.Add("shippingMethodId", checkout.ShippingMethodId is null ? "A shipping method is required." : "That shipping method is no longer offered.");
        }
        if (lines.Count == 0)
        {
            quote.Missing.Add("lines", "The cart is empty.");
        }
        if (voucher is { ProductIds.Count: > 0 } && !lines.Any(l => voucher.ProductIds.Contains(l.p.Id)))
        {
            quote.Missing.Add("voucherCode", $"The voucher {voucher.Code} applies to none of the products in the cart.");
        }
        if (voucher is { UsageLimit: { } limit } && voucher.Used >= limit)
        {
            quote.Unavailable.Add($"The voucher {voucher.Code} has been used up.");
        }
        var available = await db.AvailableAsync(lines.Where(l => l.v.TrackInventory).Select(l => l.v.Id).ToList(), cancellationToken, checkout.Id);
        foreach (var (line, variant, product) in lines)
        {
            if (!product.IsPurchasableAt(now))
            {
                quote.Unavailable.Add($"{product.Name} is not for sale.");
            }
            else if (variant.TrackInventory && available.GetValueOrDefault(variant.Id) < line.Quantity)
            {
                quote.Unavailable.Add($"Only {Math.Max(0, available.GetValueOrDefault(variant.Id))} of {variant.Sku} left.");
            }
        }
        return quote;
    }
}
