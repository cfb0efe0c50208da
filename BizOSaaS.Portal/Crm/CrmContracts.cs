using System.Text.Json;

namespace BizOSaaS.Portal.Crm;

// The crm's answers as the Portal reads them (BizOSaaS.Crm's Apis define them; only what the pages show is here).

public sealed record ScoreFactorItem(string Key, string Group, string Label, string Detail, double Points, double MaxPoints);

public sealed record LeadItem(
    Guid Id, string Name, string Email, string? Phone, string? Company, string? JobTitle, string? Industry, int? CompanySize,
    string? Source, string Status, string Rating, Guid? OwnerId, string? OwnerName, List<string> Tags,
    int FitScore, int EngagementScore, int Score, List<ScoreFactorItem> ScoreFactors, DateTimeOffset? ScoredAt,
    DateTimeOffset? LastContactedAt, DateTimeOffset? NextFollowUpAt, Guid? ContactId, Guid? CompanyId, Guid? DealId,
    DateTimeOffset? ConvertedAt, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record LeadPageResult(List<LeadItem> Items, string? NextCursor, long? Total);

public sealed record LeadStatsResult(long Total, Dictionary<string, long> ByStatus, Dictionary<string, long> ByRating,
    List<ScoreBucketItem> ScoreDistribution, List<DailyCountItem> NewPerDay, long Demo);

public sealed record ScoreBucketItem(int From, int To, long Count);

public sealed record DailyCountItem(DateOnly Day, long Count);

/// <summary>What the lead form sends; a PUT replaces every field.</summary>
public sealed record LeadForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Company { get; set; }
    public string? JobTitle { get; set; }
    public string? Industry { get; set; }
    public int? CompanySize { get; set; }
    public string? Source { get; set; }
    public string? Status { get; set; }
    public Guid? OwnerId { get; set; }
    public List<string?> Tags { get; set; } = [];

    public static LeadForm From(LeadItem lead) => new()
    {
        Name = lead.Name,
        Email = lead.Email,
        Phone = lead.Phone,
        Company = lead.Company,
        JobTitle = lead.JobTitle,
        Industry = lead.Industry,
        CompanySize = lead.CompanySize,
        Source = lead.Source,
        Status = lead.Status,
        OwnerId = lead.OwnerId,
        Tags = [.. lead.Tags],
    };
}

public sealed record ActivityItem(Guid Id, string Kind, string Subject, string? Body, DateTimeOffset OccurredAt, DateTimeOffset? DueAt, bool Done,
    Guid? LeadId, Guid? ContactId, Guid? CompanyId, Guid? DealId, Guid? CreatedById, string? CreatedByName, bool IsDemo, DateTimeOffset CreatedAt);

public sealed record RecordChangeItem(Guid Id, string EntityType, Guid EntityId, string Action, Guid? ActorId, string ActorName,
    JsonElement? Changes, string? Summary, DateTimeOffset OccurredAt);

public sealed record LeadSourceItem(Guid Id, string Key, string Label, long Leads);

public sealed record PersonItem(Guid UserId, string DisplayName, string Email, string Role);

public sealed record ConversionResult(LeadItem Lead, Guid ContactId, bool ContactCreated, Guid? CompanyId, bool CompanyCreated, Guid? DealId);

public sealed record ImportRowErrorItem(int Row, string Field, string Reason);

public sealed record ImportReportResult(int Rows, int Created, int Updated, int Unchanged, int Failed, int Superseded,
    List<ImportRowErrorItem> Errors, bool ErrorsTruncated, Dictionary<string, string> Columns, List<string> IgnoredColumns, double Seconds);

public sealed record DuplicateGroupItem(string Reason, string Key, List<LeadSummaryItem> Leads);

public sealed record LeadSummaryItem(Guid Id, string Name, string Email, string? Phone, string? Company, int Score, string Status, DateTimeOffset CreatedAt);

public sealed record DealItem(Guid Id, string Name, decimal Amount, string Currency, Guid PipelineId, Guid StageId, string StageName, string StageKind,
    int Probability, DateOnly? ExpectedCloseDate, string? OwnerName, DateTimeOffset? ClosedAt, Guid? LeadId);

/// <summary>The filters of the lead list, as the page holds them.</summary>
public sealed record LeadListFilter(string? Q, string? Status, string? Rating, string? Source, string? Tag, int? MinScore, int? MaxScore, string Sort, string? Order)
{
    public string ToQuery()
    {
        var parts = new List<string>();
        void Add(string key, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add($"{key}={Uri.EscapeDataString(text)}");
            }
        }
        Add("q", Q);
        Add("status", Status);
        Add("rating", Rating);
        Add("source", Source);
        Add("tag", Tag);
        Add("minScore", MinScore);
        Add("maxScore", MaxScore);
        Add("sort", Sort);
        Add("order", Order);
        return string.Join('&', parts);
    }
}
