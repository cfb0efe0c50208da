using System.Globalization;

namespace BizOSaaS.Commerce.Suppliers;

/// <summary>
/// A supplier's risk from the evidence the store holds, each factor 0 (no risk) to 100 or unknown, weighted:
/// documents 30 (registration and tax id required, a certification expected), order defect rate 20, late shipment
/// rate 20, country risk 15 (the tenant's own table), price volatility 15 (the costs its feeds quoted). The score is the
/// weighted mean of the known factors; the level is unknown while less than half the weight is known, high when a
/// required document is missing or expired, otherwise high from 60, medium from 30, else low.
/// </summary>
public static class SupplierRisk
{
    public const int DocumentsWeight = 30;
    public const int DefectWeight = 20;
    public const int LateWeight = 20;
    public const int CountryWeight = 15;
    public const int VolatilityWeight = 15;

    /// <summary>Fewer delivered orders than this say nothing about defect and late rates.</summary>
    public const int MinimumOrders = 20;

    /// <summary>A document expiring within this many days counts half.</summary>
    public const int ExpiringWithinDays = 30;

    /// <summary>How far back the price-volatility factor looks.</summary>
    public static readonly TimeSpan PriceWindow = TimeSpan.FromDays(180);

    /// <summary>A defect rate of 10 %, a late rate of 20 % and a cost that moves 30 % each count as the full 100.</summary>
    public const decimal DefectRateAtFullRisk = 0.10m;
    public const decimal LateRateAtFullRisk = 0.20m;
    public const decimal VolatilityAtFullRisk = 0.30m;

    public static RiskAssessment Assess(Supplier supplier, IReadOnlyCollection<SupplierDocument> documents, IReadOnlyCollection<SupplierPriceObservation> prices,
        IReadOnlyDictionary<string, decimal> countryRisk, DateTimeOffset now)
    {
        var (documentsFactor, requiredMissing) = Documents(documents, DateOnly.FromDateTime(now.UtcDateTime));
        RiskFactor[] factors =
        [
            documentsFactor,
            Rate("defect_rate", "Order defect rate", DefectWeight, supplier.DefectiveOrders, supplier.OrdersDelivered, DefectRateAtFullRisk, "defective"),
            Rate("late_shipment_rate", "Late shipment rate", LateWeight, supplier.LateShipments, supplier.OrdersDelivered, LateRateAtFullRisk, "shipped late"),
            Country(supplier.Country, countryRisk),
            Volatility(prices, now),
        ];
        var known = factors.Where(f => f.Risk is not null).ToList();
        var knownWeight = known.Sum(f => f.Weight);
        decimal? score = knownWeight == 0 ? null : Round(known.Sum(f => f.Risk!.Value * f.Weight) / knownWeight);
        var level = knownWeight * 2 < factors.Sum(f => f.Weight) ? RiskLevels.Unknown
            : requiredMissing || score >= 60 ? RiskLevels.High
            : score >= 30 ? RiskLevels.Medium
            : RiskLevels.Low;
        return new RiskAssessment(score, level, factors, now);
    }

    private static (RiskFactor Factor, bool RequiredMissing) Documents(IReadOnlyCollection<SupplierDocument> documents, DateOnly today)
    {
        (string Kind, string Label, bool Required)[] kinds =
        [
            (SupplierDocumentKinds.Registration, "registration", true),
            (SupplierDocumentKinds.TaxId, "tax id", true),
            (SupplierDocumentKinds.Certification, "certification", false),
        ];
        var risks = new List<decimal>();
        var evidence = new List<string>();
        var requiredMissing = false;
        foreach (var (kind, label, required) in kinds)
        {
            // The document of the kind that stays valid longest (no expiry date: never expires).
            var best = documents.Where(d => d.Kind == kind).OrderByDescending(d => d.ExpiresOn ?? DateOnly.MaxValue).FirstOrDefault();
            var full = required ? 100m : 50m;
            if (best is null)
            {
                risks.Add(full);
                requiredMissing |= required;
                evidence.Add($"{label} missing");
            }
            else if (best.IsExpiredOn(today))
            {
                risks.Add(full);
                requiredMissing |= required;
                evidence.Add($"{label} {best.Number} expired on {best.ExpiresOn:yyyy-MM-dd}");
            }
            else if (best.ExpiresOn is { } expires && expires.DayNumber - today.DayNumber <= ExpiringWithinDays)
            {
                risks.Add(full / 2);
                evidence.Add($"{label} {best.Number} expires on {expires:yyyy-MM-dd} (in {expires.DayNumber - today.DayNumber} days)");
            }
            else
            {
                risks.Add(0);
                evidence.Add(best.ExpiresOn is { } until ? $"{label} {best.Number} valid until {until:yyyy-MM-dd}" : $"{label} {best.Number} valid, no expiry");
            }
        }
        return (new RiskFactor("documents", "Documents", Round(risks.Average()), DocumentsWeight, string.Join("; ", evidence) + "."), requiredMissing);
    }

    private static RiskFactor Rate(string factor, string label, int weight, int? count, int? delivered, decimal atFullRisk, string what)
    {
        if (delivered is not { } orders || orders < MinimumOrders || count is not { } bad)
        {
            var have = delivered is { } d ? $"{d} orders delivered" : "No delivery record";
            return new RiskFactor(factor, label, null, weight, $"{have}; at least {MinimumOrders} orders with a {what} count are needed.");
        }
        var rate = (decimal)bad / orders;
        return new RiskFactor(factor, label, Round(Math.Min(100, rate / atFullRisk * 100)), weight,
            $"{bad} of {orders} orders {what} ({Percent(rate)}); {Percent(atFullRisk)} or more counts as 100.");
    }

    private static RiskFactor Country(string country, IReadOnlyDictionary<string, decimal> countryRisk) =>
        countryRisk.TryGetValue(country, out var risk)
            ? new RiskFactor("country_risk", "Country risk", Round(risk), CountryWeight, $"{country} is rated {risk.ToString("0.#", CultureInfo.InvariantCulture)} in your country risk table.")
            : new RiskFactor("country_risk", "Country risk", null, CountryWeight, $"{country} is not in your country risk table (sourcing settings).");

    private static RiskFactor Volatility(IReadOnlyCollection<SupplierPriceObservation> prices, DateTimeOffset now)
    {
        var since = now - PriceWindow;
        var moves = prices.Where(p => p.ObservedAt >= since).GroupBy(p => p.Sku)
            .Where(g => g.Count() >= 2 && g.Average(p => p.Cost) > 0)
            .Select(g => (g.Max(p => p.Cost) - g.Min(p => p.Cost)) / g.Average(p => p.Cost))
            .ToList();
        if (moves.Count == 0)
        {
            return new RiskFactor("price_volatility", "Price volatility", null, VolatilityWeight,
                $"No SKU was quoted twice in the last {PriceWindow.TotalDays:0} days.");
        }
        var volatility = moves.Average();
        return new RiskFactor("price_volatility", "Price volatility", Round(Math.Min(100, volatility / VolatilityAtFullRisk * 100)), VolatilityWeight,
            $"{moves.Count} SKU{(moves.Count == 1 ? "" : "s")} quoted more than once in {PriceWindow.TotalDays:0} days; cost moved {Percent(volatility)} on average "
            + $"(highest − lowest over mean); {Percent(VolatilityAtFullRisk)} or more counts as 100.");
    }

    private static decimal Round(decimal value) => decimal.Round(value, 1, MidpointRounding.AwayFromZero);

    private static string Percent(decimal rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
