using BizOSaaS.Commerce.Contracts;
using BizOSaaS.Commerce.Sourcing;
using BizOSaaS.Commerce.Suppliers;

namespace BizOSaaS.UnitTests;

/// <summary>Supplier risk and sourcing scores with answers worked out by hand.</summary>
public sealed class SupplierRiskTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, decimal> Countries = new() { ["DE"] = 10, ["XX"] = 90 };

    private static Supplier Supplier(string country = "DE", int? delivered = 200, int? defective = 4, int? late = 10) =>
        new() { Name = "Acme", Country = country, OrdersDelivered = delivered, DefectiveOrders = defective, LateShipments = late };

    private static SupplierDocument Document(string kind, DateOnly? expires) => new() { Kind = kind, Number = kind.ToUpperInvariant() + "-1", ExpiresOn = expires };

    private static SupplierPriceObservation Price(string sku, decimal cost, int daysAgo) => new() { Sku = sku, Cost = cost, ObservedAt = Now.AddDays(-daysAgo) };

    private static readonly SupplierDocument[] RegisteredAndTaxed =
        [Document(SupplierDocumentKinds.Registration, new DateOnly(2028, 1, 1)), Document(SupplierDocumentKinds.TaxId, null)];

    [Fact]
    public void Every_factor_with_evidence_gives_the_weighted_score_and_level()
    {
        // Documents: registration 0, tax id 0, no certification 50 → 16.7. Defects 4/200 = 2 % → 20. Late 10/200 = 5 % → 25.
        // Country DE → 10. Volatility: A 9→11 (range 2 / mean 10 = 20 %), B 10→10 (0 %) → 10 % → 33.3.
        // (16.7×30 + 20×20 + 25×20 + 10×15 + 33.3×15) / 100 = (501 + 400 + 500 + 150 + 499.5) / 100 = 20.5 → low.
        var prices = new[] { Price("A", 9, 30), Price("A", 11, 1), Price("B", 10, 20), Price("B", 10, 2), Price("C", 50, 400), Price("C", 5, 1) };
        var risk = SupplierRisk.Assess(Supplier(), RegisteredAndTaxed, prices, Countries, Now);

        Assert.Equal([16.7m, 20m, 25m, 10m, 33.3m], risk.Factors.Select(f => f.Risk!.Value));
        Assert.Equal([30, 20, 20, 15, 15], risk.Factors.Select(f => f.Weight));
        Assert.Equal(20.5m, risk.Score);
        Assert.Equal(RiskLevels.Low, risk.Level);
        Assert.Contains("certification missing", risk.Factors[0].Evidence);
        Assert.Contains("4 of 200 orders defective (2 %)", risk.Factors[1].Evidence);
        // C's quote from 400 days ago is outside the window, so C counts once and is left out.
        Assert.StartsWith("2 SKUs quoted more than once in 180 days; cost moved 10 %", risk.Factors[4].Evidence);
    }

    [Fact]
    public void A_missing_or_expired_required_document_makes_the_risk_high_whatever_the_score()
    {
        var expiredTaxId = new[] { RegisteredAndTaxed[0], Document(SupplierDocumentKinds.TaxId, new DateOnly(2026, 12, 2)) };
        var risk = SupplierRisk.Assess(Supplier(), expiredTaxId, [], Countries, Now);

        // Documents (0 + 100 + 50) / 3 = 50; score (50×30 + 20×20 + 25×20 + 10×15) / 85 = 2550 / 85 = 30.
        Assert.Equal(50m, risk.Factors[0].Risk);
        Assert.Contains("tax id TAX_ID-1 expired on 2026-12-02", risk.Factors[0].Evidence);
        Assert.Null(risk.Factors[4].Risk);
        Assert.Equal(30m, risk.Score);
        Assert.Equal(RiskLevels.High, risk.Level);
    }

    [Fact]
    public void A_document_expiring_within_thirty_days_counts_half_and_full_once_it_has_expired()
    {
        var expiring = new[] { Document(SupplierDocumentKinds.Registration, new DateOnly(2026, 12, 20)), RegisteredAndTaxed[1] };
        var before = SupplierRisk.Assess(Supplier(), expiring, [], Countries, Now);
        var after = SupplierRisk.Assess(Supplier(), expiring, [], Countries, new DateTimeOffset(2026, 12, 21, 0, 0, 0, TimeSpan.Zero));

        // (50 + 0 + 50) / 3 = 33.3 while it runs out; (100 + 0 + 50) / 3 = 50 once it has.
        Assert.Equal(33.3m, before.Factors[0].Risk);
        Assert.Contains("expires on 2026-12-20 (in 17 days)", before.Factors[0].Evidence);
        Assert.Equal(50m, after.Factors[0].Risk);
        Assert.True(after.Score > before.Score);
        Assert.Equal(RiskLevels.High, after.Level);
    }

    [Fact]
    public void Without_a_delivery_record_or_a_known_country_too_little_is_known_to_judge()
    {
        // Only documents (30) are known: less than half of the weight.
        var risk = SupplierRisk.Assess(Supplier(country: "BR", delivered: 12, defective: 0, late: 0), RegisteredAndTaxed, [], Countries, Now);

        Assert.Equal(RiskLevels.Unknown, risk.Level);
        Assert.Equal(16.7m, risk.Score);
        Assert.Contains("12 orders delivered; at least 20", risk.Factors[1].Evidence);
        Assert.Contains("BR is not in your country risk table", risk.Factors[3].Evidence);
    }

    [Fact]
    public void Rates_and_country_past_their_full_risk_count_as_100()
    {
        // Defects 30/200 = 15 % (≥ 10 %) → 100; late 50/200 = 25 % (≥ 20 %) → 100; country 90.
        // (16.7×30 + 100×20 + 100×20 + 90×15) / 85 = (501 + 2000 + 2000 + 1350) / 85 = 68.8 → high.
        var risk = SupplierRisk.Assess(Supplier(country: "XX", defective: 30, late: 50), RegisteredAndTaxed, [], Countries, Now);

        Assert.Equal(68.8m, risk.Score);
        Assert.Equal(RiskLevels.High, risk.Level);
    }

    [Fact]
    public void A_candidate_score_is_the_sum_of_its_weighted_factors()
    {
        // Margin: 40 − 12 − 3 − 6.00 fees (15 %) = 19 = 47.5 % ≥ 40 % → 100 × 0.40 = 40.
        // Demand 99: log10(100) / log10(1001) = 66.7 → × 0.25 = 16.7. Competition 4 → 80 × 0.15 = 12.
        // Supplier risk 18.2 → rating 81.8 × 0.20 = 16.4. Total 85.1.
        var (score, factors) = CandidateScoring.Score(new CandidateScoring.Offer(12m, 3m, 40m, 99, 4, "USD"), 18.2m, "Acme", 15m);

        Assert.Equal([100m, 66.7m, 80m, 81.8m], factors.Select(f => f.Score));
        Assert.Equal([40m, 16.7m, 12m, 16.4m], factors.Select(f => f.Points));
        Assert.Equal(85.1m, score);
        Assert.Contains("Price 40.00 − cost 12.00 − shipping 3.00 − fees 6.00 (15 %) = 19.00 USD, 47.5 % of the price", factors[0].Evidence);
    }

    [Fact]
    public void A_loss_making_candidate_without_demand_or_competition_figures_scores_only_its_supplier()
    {
        // Margin 10 − 9 − 2 − 1.50 = −2.50 → 0; no demand, no competitor count → 0; unknown supplier risk → 50 × 0.20 = 10.
        var (score, factors) = CandidateScoring.Score(new CandidateScoring.Offer(9m, 2m, 10m, null, null, "USD"), null, "Acme", 15m);

        Assert.Equal(10m, score);
        Assert.Equal([0m, 0m, 0m, 50m], factors.Select(f => f.Score));
        Assert.Contains("no monthly demand", factors[1].Evidence);
    }
}
