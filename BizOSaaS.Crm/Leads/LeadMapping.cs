namespace BizOSaaS.Crm.Leads;

/// <summary>The crm's contracts (BizOSaaS.Crm.Contracts) made from its entities.</summary>
public static class LeadMapping
{
    extension(LeadResponse)
    {
        public static LeadResponse From(Lead e) => new(
            e.Id, e.Name, e.Email, e.Phone, e.Company, e.JobTitle, e.Industry, e.CompanySize, e.Source, e.Status, e.Rating,
            e.OwnerId, e.OwnerName, e.Tags, e.FitScore, e.EngagementScore, e.Score, e.ScoreFactors, e.ScoredAt,
            e.LastContactedAt, e.NextFollowUpAt, e.ContactId, e.CompanyId, e.DealId, e.ConvertedAt, e.IsDemo, e.CreatedAt, e.UpdatedAt);
    }
}

/// <summary>A lead's summary (duplicate groups) made from the entity.</summary>
public static class LeadSummaryMapping
{
    extension(LeadSummary)
    {
        public static LeadSummary From(Lead e) => new(e.Id, e.Name, e.Email, e.Phone, e.Company, e.Score, e.Status, e.CreatedAt);
    }
}
