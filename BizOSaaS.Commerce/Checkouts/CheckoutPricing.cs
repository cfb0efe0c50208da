namespace BizOSaaS.Commerce.Checkouts;

/// <summary>
/// The store's arithmetic, in one place for the checkout's totals and the order they become. Money is decimal, in the
/// store's currency, rounded to cents half away from zero at each step a person would see: a line, the discount, the tax.
/// The discount applies to the voucher's products (or the whole subtotal) and never exceeds them; shipping is not
/// discounted; tax is charged on the discounted subtotal plus shipping.
/// </summary>
public static class CheckoutPricing
{
    public sealed record PricedLine(Guid ProductId, int Quantity, decimal UnitPrice)
    {
        public decimal Total => LineTotal(UnitPrice, Quantity);
    }

    public static decimal Round(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static decimal LineTotal(decimal unitPrice, int quantity) => Round(unitPrice * quantity);

    public static CheckoutTotals Totals(IReadOnlyList<PricedLine> lines, Voucher? voucher, decimal shipping, decimal taxRatePercent, string currency)
    {
        var subtotal = lines.Sum(l => l.Total);
        var discount = voucher is null ? 0m : Discount(lines, voucher);
        var tax = Round((subtotal - discount + shipping) * taxRatePercent / 100m);
        return new CheckoutTotals(subtotal, discount, shipping, tax, subtotal - discount + shipping + tax, currency);
    }

    public static decimal Discount(IReadOnlyList<PricedLine> lines, Voucher voucher)
    {
        var eligible = lines.Where(l => voucher.ProductIds.Count == 0 || voucher.ProductIds.Contains(l.ProductId)).Sum(l => l.Total);
        var discount = voucher.Kind == VoucherKinds.Percentage ? Round(eligible * Math.Min(voucher.Value, 100m) / 100m) : voucher.Value;
        return Math.Min(discount, eligible);
    }
}
