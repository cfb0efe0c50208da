namespace BizOSaaS.Commerce.Contracts;

/// <summary>How sourcing candidates are judged: a candidate scoring at least <paramref name="Threshold"/> goes to a person
/// for approval; <paramref name="MarketplaceFeePercent"/> of the selling price is counted as fees in the margin.</summary>
/// <param name="CountryRisk">Your own risk rating, 0–100, per two-letter country code, read by supplier validation; a country
/// left out makes that factor unknown. Left out of the request: unchanged.</param>
public sealed record SourcingSettingsRequest([Between(0, 100, Required = true)] decimal? Threshold, [Between(0, 100, Required = true)] decimal? MarketplaceFeePercent,
    Dictionary<string, decimal>? CountryRisk = null);

public sealed record SourcingSettingsResponse(decimal Threshold, decimal MarketplaceFeePercent, IReadOnlyDictionary<string, decimal> CountryRisk);

/// <summary>One row of a supplier feed (CSV columns or JSON properties of the same names).</summary>
/// <param name="Cost">What the supplier charges per unit, in the store's currency.</param>
/// <param name="SuggestedPrice">The price the store would sell at.</param>
/// <param name="MonthlyDemand">Units or searches a month: the demand signal.</param>
/// <param name="Competitors">How many other sellers offer it.</param>
public sealed record FeedRow(
    [Text(64, Required = true)] string? Sku,
    [Text(200, Required = true)] string? Name,
    [Given, Money] decimal? Cost,
    [Given, Money] decimal? SuggestedPrice,
    [Money] decimal? ShippingCost = null,
    [Between(0, 100_000_000)] int? MonthlyDemand = null,
    [Between(0, 100_000)] int? Competitors = null,
    [Text(5000)] string? Description = null,
    [Text(100)] string? Category = null,
    [CurrencyCode] string? Currency = null,
    [Text(500)] string? ImageUrl = null);

/// <summary>A feed the store fetches from the supplier's (or the tenant's) server: an http(s) address on the public internet.</summary>
/// <param name="Format">csv or json; left out, the answer's content type or the address's extension tells.</param>
public sealed record SupplierFeedUrlRequest([Given, Text(2000)] string? Url, [OneOf("csv", "json")] string? Format = null);

/// <summary>What a feed import did: rows read, candidates created or updated, approval requests raised.</summary>
public sealed record FeedImportResult(Guid SupplierId, int Rows, int Created, int Updated, int Raised);

/// <summary>One factor of a candidate's score: the factor's own score (0–100) times its weight gives its points.</summary>
public sealed record ScoreFactor(string Factor, string Label, decimal Score, int Weight, decimal Points, string Evidence);

/// <param name="Status">below_threshold, pending_approval, approved (the draft product is <paramref name="ProductId"/>), rejected, expired, cancelled or changes_requested.</param>
public sealed record SourcingCandidateResponse(Guid Id, Guid SupplierId, string SupplierName, string SupplierSku, string Name, string? Description, string? Category,
    decimal Cost, decimal ShippingCost, decimal SuggestedPrice, string Currency, int? MonthlyDemand, int? Competitors, decimal Score, decimal Threshold,
    IReadOnlyList<ScoreFactor> Factors, string Status, Guid? ProductId, string? DecidedBy, DateTimeOffset ImportedAt, DateTimeOffset UpdatedAt);

public static class SourcingStatuses
{
    public const string BelowThreshold = "below_threshold";
    public const string PendingApproval = "pending_approval";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}
