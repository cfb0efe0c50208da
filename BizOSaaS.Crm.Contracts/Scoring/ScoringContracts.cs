namespace BizOSaaS.Crm.Contracts;

/// <summary>The whole scoring policy: the four fit weights add up to 100, and warmThreshold is below hotThreshold (checked by the crm).</summary>
public sealed record ScoringSettingsRequest(
    [Between(0, 100)] int? CompanySizeWeight, [Between(0, 100)] int? IndustryWeight, [Between(0, 100)] int? SeniorityWeight,
    [Between(0, 100)] int? EmailDomainWeight,
    [Between(0, 1, Required = true, ErrorMessage = "{0} must be between 0 and 1 (the share of the score that comes from fit).")] double? FitShare,
    [TagList] List<string?>? TargetIndustries, [Between(0, 100)] int? NotePoints, [Between(0, 100)] int? EmailPoints, [Between(0, 100)] int? CallPoints,
    [Between(0, 100)] int? MeetingPoints, [Between(0, 100)] int? TaskPoints, [Between(1, 365, Required = true)] double? HalfLifeDays,
    [Between(1, 100)] int? HotThreshold, [Between(0, 99)] int? WarmThreshold, [Between(1, 100)] int? HighValueThreshold);

public sealed record ScoringSettingsResponse(
    int CompanySizeWeight, int IndustryWeight, int SeniorityWeight, int EmailDomainWeight, double FitShare,
    IReadOnlyList<string> TargetIndustries, int NotePoints, int EmailPoints, int CallPoints, int MeetingPoints, int TaskPoints,
    double HalfLifeDays, int HotThreshold, int WarmThreshold, int HighValueThreshold, DateTimeOffset UpdatedAt, bool RescoreInProgress);
