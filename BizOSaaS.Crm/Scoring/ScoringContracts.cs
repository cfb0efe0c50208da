namespace BizOSaaS.Crm.Scoring;

public sealed record ScoringSettingsRequest(
    int? CompanySizeWeight, int? IndustryWeight, int? SeniorityWeight, int? EmailDomainWeight, double? FitShare,
    List<string?>? TargetIndustries, int? NotePoints, int? EmailPoints, int? CallPoints, int? MeetingPoints, int? TaskPoints,
    double? HalfLifeDays, int? HotThreshold, int? WarmThreshold, int? HighValueThreshold);

public sealed record ScoringSettingsResponse(
    int CompanySizeWeight, int IndustryWeight, int SeniorityWeight, int EmailDomainWeight, double FitShare,
    IReadOnlyList<string> TargetIndustries, int NotePoints, int EmailPoints, int CallPoints, int MeetingPoints, int TaskPoints,
    double HalfLifeDays, int HotThreshold, int WarmThreshold, int HighValueThreshold, DateTimeOffset UpdatedAt, bool RescoreInProgress)
{
    public static ScoringSettingsResponse From(ScoringSettings s) => new(s.CompanySizeWeight, s.IndustryWeight, s.SeniorityWeight, s.EmailDomainWeight,
        s.FitShare, s.TargetIndustries, s.NotePoints, s.EmailPoints, s.CallPoints, s.MeetingPoints, s.TaskPoints, s.HalfLifeDays, s.HotThreshold,
        s.WarmThreshold, s.HighValueThreshold, s.UpdatedAt, s.RescoreRequestedAt is not null);
}
