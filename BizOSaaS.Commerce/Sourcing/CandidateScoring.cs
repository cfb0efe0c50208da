using System.Globalization;

namespace BizOSaaS.Commerce.Sourcing;

/// <summary>
/// A candidate's score, 0–100, from four factors each shown with its evidence: margin after fees and shipping
/// (weight 40; 40 % of the price or more scores 100), demand (25; 1,000 a month scores 100, on a log scale), competition
/// (15; none scores 100, each competitor takes 5) and the supplier's rating (20; 100 minus its risk score). A factor the
/// feed gives no figure for scores 0: the candidate is not credited with what nobody knows.
/// </summary>
public static class CandidateScoring
{
    public const int MarginWeight = 40;
    public const int DemandWeight = 25;
    public const int CompetitionWeight = 15;
    public const int SupplierWeight = 20;

    public const decimal MarginAtFullScore = 0.40m;
    public const int DemandAtFullScore = 1000;
    public const int PointsPerCompetitor = 5;

    /// <summary>A supplier approved by a person while its risk was unknown is rated in the middle.</summary>
    public const decimal UnknownSupplierRisk = 50;

    public sealed record Offer(decimal Cost, decimal ShippingCost, decimal SuggestedPrice, int? MonthlyDemand, int? Competitors, string Currency);

    public static (decimal Score, List<ScoreFactor> Factors) Score(Offer offer, decimal? supplierRisk, string supplierName, decimal feePercent)
    {
        List<ScoreFactor> factors = [Margin(offer, feePercent), Demand(offer.MonthlyDemand), Competition(offer.Competitors), Supplier(supplierRisk, supplierName)];
        return (Round(factors.Sum(f => f.Points)), factors);
    }

    private static ScoreFactor Margin(Offer offer, decimal feePercent)
    {
        var fees = decimal.Round(offer.SuggestedPrice * feePercent / 100, 2, MidpointRounding.AwayFromZero);
        var margin = offer.SuggestedPrice - offer.Cost - offer.ShippingCost - fees;
        var share = offer.SuggestedPrice == 0 ? 0 : margin / offer.SuggestedPrice;
        var score = Round(Math.Clamp(share / MarginAtFullScore * 100, 0, 100));
        return Factor("margin", "Margin after fees and shipping", score, MarginWeight,
            $"Price {Money(offer.SuggestedPrice)} − cost {Money(offer.Cost)} − shipping {Money(offer.ShippingCost)} − fees {Money(fees)} ({Number(feePercent)} %) "
            + $"= {Money(margin)} {offer.Currency}, {Number(share * 100)} % of the price; {Number(MarginAtFullScore * 100)} % or more scores 100.");
    }

    private static ScoreFactor Demand(int? monthlyDemand)
    {
        if (monthlyDemand is not { } demand)
        {
            return Factor("demand", "Demand signal", 0, DemandWeight, "The feed gives no monthly demand; counted as 0.");
        }
        var score = Round(Math.Min(100, (decimal)(Math.Log10(1 + demand) / Math.Log10(1 + DemandAtFullScore)) * 100));
        return Factor("demand", "Demand signal", score, DemandWeight, $"{demand} a month; {DemandAtFullScore} or more scores 100 (log scale).");
    }

    private static ScoreFactor Competition(int? competitors)
    {
        if (competitors is not { } count)
        {
            return Factor("competition", "Competition", 0, CompetitionWeight, "The feed gives no competitor count; counted as 0.");
        }
        var score = Math.Max(0, 100 - count * PointsPerCompetitor);
        return Factor("competition", "Competition", score, CompetitionWeight, $"{count} other seller{(count == 1 ? "" : "s")}; each takes {PointsPerCompetitor} points off 100.");
    }

    private static ScoreFactor Supplier(decimal? risk, string supplierName) =>
        risk is { } known
            ? Factor("supplier_rating", "Supplier rating", Round(100 - known), SupplierWeight, $"{supplierName}'s risk score is {Number(known)}; rating = 100 − risk.")
            : Factor("supplier_rating", "Supplier rating", 100 - UnknownSupplierRisk, SupplierWeight, $"{supplierName}'s risk is unknown; rated {Number(100 - UnknownSupplierRisk)}.");

    private static ScoreFactor Factor(string factor, string label, decimal score, int weight, string evidence) =>
        new(factor, label, score, weight, Round(score * weight / 100), evidence);

    private static decimal Round(decimal value) => decimal.Round(value, 1, MidpointRounding.AwayFromZero);

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => decimal.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);
}
