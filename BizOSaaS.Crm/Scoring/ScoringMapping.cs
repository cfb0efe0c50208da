namespace BizOSaaS.Crm.Scoring;

/// <summary>The crm's contracts (BizOSaaS.Crm.Contracts) made from its entities.</summary>
public static class ScoringMapping
{
    extension(ScoringSettingsResponse)
    {
        public static ScoringSettingsResponse From(ScoringSettings s) => new(s.CompanySizeWeight, s.IndustryWeight, s.SeniorityWeight, s.EmailDomainWeight,
            s.FitShare, s.TargetIndustries, s.NotePoints, s.EmailPoints, s.CallPoints, s.MeetingPoints, s.TaskPoints, s.HalfLifeDays, s.HotThreshold,
            s.WarmThreshold, s.HighValueThreshold, s.UpdatedAt, s.RescoreRequestedAt is not null);
    }
}
