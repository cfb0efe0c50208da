namespace BizOSaaS.Crm.Activities;

/// <summary>The crm's contracts (BizOSaaS.Crm.Contracts) made from its entities.</summary>
public static class ActivityMapping
{
    extension(ActivityResponse)
    {
        public static ActivityResponse From(Activity a) => new(a.Id, a.Kind, a.Subject, a.Body, a.OccurredAt, a.DueAt, a.Done, a.LeadId, a.ContactId, a.CompanyId,
            a.DealId, a.CreatedById, a.CreatedByName, a.IsDemo, a.CreatedAt, a.UpdatedAt);
    }
}
