namespace BizOSaaS.Crm.Contracts;

public sealed record ScoringSettingsRequest(
    int? CompanySizeWeight, int? IndustryWeight, int? SeniorityWeight, int? EmailDomainWeight, double? FitShare,
    List<string?>? TargetIndustries, int? NotePoints, int? EmailPoints, int? CallPoints, int? MeetingPoints, int? TaskPoints,
    double? HalfLifeDays, int? HotThreshold, int? WarmThreshold, int? HighValueThreshold);

public sealed record ScoringSettingsResponse(
    int CompanySizeWeight, int IndustryWeight, int SeniorityWeight, int EmailDomainWeight, double FitShare,
    IReadOnlyList<string> TargetIndustries, int NotePoints, int EmailPoints, int CallPoints, int MeetingPoints, int TaskPoints,
    double HalfLifeDays, int HotThreshold, int WarmThreshold, int HighValueThreshold, DateTimeOffset UpdatedAt, bool RescoreInProgress);
