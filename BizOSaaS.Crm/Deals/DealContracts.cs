namespace BizOSaaS.Crm.Deals;

public sealed record DealRequest(string? Name, decimal? Amount = null, string? Currency = null, Guid? PipelineId = null, Guid? StageId = null,
    int? Probability = null, DateOnly? ExpectedCloseDate = null, Guid? OwnerId = null, string? CloseReason = null,
    Guid? ContactId = null, Guid? CompanyId = null, Guid? LeadId = null);

public sealed record DealResponse(Guid Id, string Name, decimal Amount, string Currency, Guid PipelineId, Guid StageId, string StageName, string StageKind,
    int Probability, DateOnly? ExpectedCloseDate, Guid? OwnerId, string? OwnerName, string? CloseReason, DateTimeOffset? ClosedAt,
    Guid? ContactId, Guid? CompanyId, Guid? LeadId, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static DealResponse From(Deal d, PipelineStage stage) => new(d.Id, d.Name, d.Amount, d.Currency, d.PipelineId, d.StageId, stage.Name, stage.Kind,
        d.Probability, d.ExpectedCloseDate, d.OwnerId, d.OwnerName, d.CloseReason, d.ClosedAt, d.ContactId, d.CompanyId, d.LeadId, d.IsDemo, d.CreatedAt, d.UpdatedAt);
}

/// <summary>What a deal's audit trail records.</summary>
public sealed record DealSnapshot(string Name, decimal Amount, string Currency, Guid PipelineId, Guid StageId, int Probability, DateOnly? ExpectedCloseDate,
    Guid? OwnerId, string? CloseReason, Guid? ContactId, Guid? CompanyId, Guid? LeadId)
{
    public static DealSnapshot Of(Deal d) => new(d.Name, d.Amount, d.Currency, d.PipelineId, d.StageId, d.Probability, d.ExpectedCloseDate, d.OwnerId,
        d.CloseReason, d.ContactId, d.CompanyId, d.LeadId);
}

public sealed record StageRequest(string? Name, string? Kind, int? Probability = null, int? Position = null);

public sealed record PipelineRequest(string? Name, bool? IsDefault = null, List<StageRequest>? Stages = null);

public sealed record StageResponse(Guid Id, string Name, int Position, string Kind, int Probability);

public sealed record PipelineResponse(Guid Id, string Name, bool IsDefault, IReadOnlyList<StageResponse> Stages, DateTimeOffset CreatedAt)
{
    public static PipelineResponse From(Pipeline p) => new(p.Id, p.Name, p.IsDefault,
        p.Stages.OrderBy(s => s.Position).Select(s => new StageResponse(s.Id, s.Name, s.Position, s.Kind, s.Probability)).ToList(), p.CreatedAt);
}

/// <summary>A pipeline's deals per stage with their total amount per currency, for a board view.</summary>
public sealed record PipelineSummary(Guid PipelineId, string Name, IReadOnlyList<StageSummary> Stages);

public sealed record StageSummary(Guid StageId, string Name, string Kind, long Deals, IReadOnlyDictionary<string, decimal> AmountByCurrency);
