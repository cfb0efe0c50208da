using System.ComponentModel;

namespace BizOSaaS.Crm.Contracts;

/// <summary>A lead as a person enters it; a PUT replaces every one of these fields.</summary>
/// The CSV import checks each row as one of these, with the same rules.
/// <param name="Source">One of the tenant's lead sources (checked by the crm against them).</param>
/// <param name="Status">A status a person may set (the crm checks it against the lead's own).</param>
public sealed record LeadRequest(
    [Text(200, Required = true)] string? Name,
    [Email] string? Email,
    [PhoneNumber] string? Phone = null,
    [Text(200)] string? Company = null,
    [Text(200)] string? JobTitle = null,
    [Text(100)] string? Industry = null,
    [Between(1, 10_000_000)] int? CompanySize = null,
    [Text(60)] string? Source = null,
    string? Status = null,
    Guid? OwnerId = null,
    [TagList] List<string?>? Tags = null,
    DateTimeOffset? NextFollowUpAt = null);

/// <summary>One reason a lead scored what it did: its share of the total score (<see cref="Points"/> of
/// <see cref="MaxPoints"/>), so the points of all factors add up to the score.</summary>
[ImmutableObject(true)]
public sealed record ScoreFactor(string Key, string Group, string Label, string Detail, double Points, double MaxPoints);

[ImmutableObject(true)]
public sealed record LeadResponse(
    Guid Id, string Name, string Email, string? Phone, string? Company, string? JobTitle, string? Industry, int? CompanySize,
    string? Source, string Status, string Rating, Guid? OwnerId, string? OwnerName, IReadOnlyList<string> Tags,
    int FitScore, int EngagementScore, int Score, IReadOnlyList<ScoreFactor> ScoreFactors, DateTimeOffset? ScoredAt,
    DateTimeOffset? LastContactedAt, DateTimeOffset? NextFollowUpAt, Guid? ContactId, Guid? CompanyId, Guid? DealId,
    DateTimeOffset? ConvertedAt, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A page of leads; <see cref="NextCursor"/> fetches the next one (keyset pagination), null on the last.</summary>
[ImmutableObject(true)]
public sealed record LeadPage(IReadOnlyList<LeadResponse> Items, string? NextCursor, long? Total);

[ImmutableObject(true)]
public sealed record LeadCount(long Count);

/// <summary>Figures for dashboards: counts by status and rating, the score distribution, new leads per day.</summary>
[ImmutableObject(true)]
public sealed record LeadStats(long Total, IReadOnlyDictionary<string, long> ByStatus, IReadOnlyDictionary<string, long> ByRating,
    IReadOnlyList<ScoreBucket> ScoreDistribution, IReadOnlyList<DailyCount> NewPerDay, long Demo);

[ImmutableObject(true)]
public sealed record ScoreBucket(int From, int To, long Count);

[ImmutableObject(true)]
public sealed record DailyCount(DateOnly Day, long Count);

public sealed record ConvertLeadRequest(Guid? CompanyId = null, Guid? ContactId = null, bool CreateDeal = true, [Text(200)] string? DealName = null,
    [Money] decimal? Amount = null, [CurrencyCode] string? Currency = null, Guid? PipelineId = null, Guid? StageId = null, DateOnly? ExpectedCloseDate = null);

public sealed record ConversionResponse(LeadResponse Lead, Guid ContactId, bool ContactCreated, Guid? CompanyId, bool CompanyCreated, Guid? DealId);

public sealed record MergeLeadsRequest([Given(ErrorMessage = "{0} is required: the lead to merge into this one.")] Guid? DuplicateId);

public sealed record DuplicateGroup(string Reason, string Key, IReadOnlyList<LeadSummary> Leads);

public sealed record LeadSummary(Guid Id, string Name, string Email, string? Phone, string? Company, int Score, string Status, DateTimeOffset CreatedAt);
