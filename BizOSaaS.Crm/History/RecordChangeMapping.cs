namespace BizOSaaS.Crm.History;

/// <summary>The crm's contracts (BizOSaaS.Crm.Contracts) made from its entities.</summary>
public static class RecordChangeMapping
{
    extension(RecordChangeResponse)
    {
        public static RecordChangeResponse From(RecordChange c) =>
            new(c.Id, c.EntityType, c.EntityId, c.Action, c.ActorId, c.ActorName, c.Changes?.RootElement.Clone(), c.Summary, c.OccurredAt);
    }
}
