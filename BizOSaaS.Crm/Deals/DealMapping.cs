namespace BizOSaaS.Crm.Deals;

/// <summary>The crm's contracts (BizOSaaS.Crm.Contracts) made from its entities.</summary>
public static class DealMapping
{
    extension(DealResponse)
    {
        public static DealResponse From(Deal d, PipelineStage stage) => new(d.Id, d.Name, d.Amount, d.Currency, d.PipelineId, d.StageId, stage.Name, stage.Kind,
            d.Probability, d.ExpectedCloseDate, d.OwnerId, d.OwnerName, d.CloseReason, d.ClosedAt, d.ContactId, d.CompanyId, d.LeadId, d.IsDemo, d.CreatedAt, d.UpdatedAt);
    }

    extension(PipelineResponse)
    {
        public static PipelineResponse From(Pipeline p) => new(p.Id, p.Name, p.IsDefault,
            p.Stages.OrderBy(s => s.Position).Select(s => new StageResponse(s.Id, s.Name, s.Position, s.Kind, s.Probability)).ToList(), p.CreatedAt);
    }
}
