namespace BizOSaaS.Commerce.Contracts;

/// <summary>A supplier the store buys from. Its delivery record (orders delivered, defective, late) comes from the
/// tenant's own books; the risk assessment reads it with the documents, the country and the prices its feeds quoted.</summary>
/// <param name="Country">ISO 3166 two-letter code, e.g. DE.</param>
public sealed record SupplierRequest(
    [Text(200, Required = true)] string? Name,
    [Given, Matches("^[A-Za-z]{2}$", ErrorMessage = "{0} must be a two-letter ISO 3166 country code.")] string? Country,
    [Email(Required = false)] string? Email = null,
    [Text(500)] string? Website = null,
    [Between(0, 100_000_000)] int? OrdersDelivered = null,
    [Between(0, 100_000_000)] int? DefectiveOrders = null,
    [Between(0, 100_000_000)] int? LateShipments = null);

/// <param name="Kind">registration, tax_id or certification.</param>
public sealed record SupplierDocumentRequest(
    [OneOf(SupplierDocumentKinds.Registration, SupplierDocumentKinds.TaxId, SupplierDocumentKinds.Certification, Required = true)] string? Kind,
    [Text(100, Required = true)] string? Number,
    [Text(200)] string? Title = null,
    DateOnly? IssuedOn = null,
    DateOnly? ExpiresOn = null,
    [Text(500)] string? Url = null);

public sealed record SupplierDocumentResponse(Guid Id, string Kind, string Number, string? Title, DateOnly? IssuedOn, DateOnly? ExpiresOn, string? Url,
    bool Expired, DateTimeOffset CreatedAt);

/// <summary>One factor of a risk assessment: its risk from 0 (none) to 100, or null when there is not enough evidence.</summary>
public sealed record RiskFactor(string Factor, string Label, decimal? Risk, int Weight, string Evidence);

/// <summary>The weighted risk of the factors with evidence; <paramref name="Level"/> is unknown while less than half the
/// weight has evidence, high when a required document is missing or expired.</summary>
public sealed record RiskAssessment(decimal? Score, string Level, IReadOnlyList<RiskFactor> Factors, DateTimeOffset AssessedAt);

/// <param name="Status">pending_approval, approved or rejected; only approved suppliers feed sourcing.</param>
/// <param name="Risk">As of now: a document that expired since the last review already counts.</param>
public sealed record SupplierResponse(Guid Id, string Name, string Country, string? Email, string? Website, int? OrdersDelivered, int? DefectiveOrders,
    int? LateShipments, string Status, string? StatusReason, RiskAssessment Risk, IReadOnlyList<SupplierDocumentResponse> Documents, bool IsDemo,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public static class SupplierDocumentKinds
{
    public const string Registration = "registration";
    public const string TaxId = "tax_id";
    public const string Certification = "certification";
}

public static class SupplierStatuses
{
    public const string PendingApproval = "pending_approval";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

public static class RiskLevels
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";
    public const string Unknown = "unknown";
}
