using BizOSaaS.Commerce.Checkouts;
using BizOSaaS.Commerce.Contracts;
using static BizOSaaS.Commerce.Checkouts.CheckoutPricing;

namespace BizOSaaS.UnitTests;

/// <summary>The store's arithmetic with answers worked out by hand.</summary>
public sealed class CheckoutPricingTests
{
    private static readonly Guid Mug = Guid.NewGuid();
    private static readonly Guid Tea = Guid.NewGuid();

    private static Voucher Voucher(string kind, decimal value, params Guid[] products) =>
        new() { Code = "V", Kind = kind, Value = value, ProductIds = [.. products] };

    [Fact]
    public void Lines_and_tax_round_to_cents_half_away_from_zero()
    {
        // 3 × 3.335 = 10.005 → 10.01; tax 19 % of (10.01 + 2.00) = 2.2819 → 2.28.
        var totals = Totals([new PricedLine(Mug, 3, 3.335m)], null, 2.00m, 19m, "EUR");
        Assert.Equal(new CheckoutTotals(10.01m, 0m, 2.00m, 2.28m, 14.29m, "EUR"), totals);
    }

    [Fact]
    public void A_percentage_voucher_for_chosen_products_discounts_only_their_lines()
    {
        // 10 % of the mugs' 59.97 = 5.997 → 6.00; the tea is not discounted; shipping never is.
        var lines = new[] { new PricedLine(Mug, 3, 19.99m), new PricedLine(Tea, 1, 5m) };
        var totals = Totals(lines, Voucher(VoucherKinds.Percentage, 10m, Mug), 4.50m, 0m, "USD");
        Assert.Equal(new CheckoutTotals(64.97m, 6.00m, 4.50m, 0m, 63.47m, "USD"), totals);
    }

    [Fact]
    public void A_fixed_voucher_never_takes_off_more_than_the_goods_it_applies_to()
    {
        var lines = new[] { new PricedLine(Mug, 1, 8m), new PricedLine(Tea, 1, 5m) };
        Assert.Equal(8m, Discount(lines, Voucher(VoucherKinds.Fixed, 20m, Mug)));
        Assert.Equal(13m, Discount(lines, Voucher(VoucherKinds.Fixed, 20m)));
        Assert.Equal(13m, Discount(lines, Voucher(VoucherKinds.Percentage, 100m)));
    }

    [Fact]
    public void Tax_is_charged_on_the_discounted_goods_plus_shipping()
    {
        // (100 − 25 + 10) × 20 % = 17.
        var totals = Totals([new PricedLine(Mug, 2, 50m)], Voucher(VoucherKinds.Percentage, 25m), 10m, 20m, "GBP");
        Assert.Equal(new CheckoutTotals(100m, 25m, 10m, 17m, 102m, "GBP"), totals);
    }
}
