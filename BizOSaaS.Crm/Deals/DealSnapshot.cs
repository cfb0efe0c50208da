namespace BizOSaaS.Crm.Deals;

/// <summary>What a deal's audit trail records.</summary>
public sealed record DealSnapshot(string Name, decimal Amount, string Currency, Guid PipelineId, Guid StageId, int Probability, DateOnly? ExpectedCloseDate,
    Guid? OwnerId, string? CloseReason, Guid? ContactId, Guid? CompanyId, Guid? LeadId)
{
    public static DealSnapshot Of(Deal d) => new(d.Name, d.Amount, d.Currency, d.PipelineId, d.StageId, d.Probability, d.ExpectedCloseDate, d.OwnerId,
        d.CloseReason, d.ContactId, d.CompanyId, d.LeadId);
}
