namespace BizOSaaS.Crm.Contracts;

public sealed record DealRequest([Text(200, Required = true)] string? Name, [Money] decimal? Amount = null, [CurrencyCode] string? Currency = null,
    Guid? PipelineId = null, Guid? StageId = null, [Between(0, 100)] int? Probability = null, DateOnly? ExpectedCloseDate = null, Guid? OwnerId = null,
    [Text(500)] string? CloseReason = null,
    Guid? ContactId = null, Guid? CompanyId = null, Guid? LeadId = null);

public sealed record DealResponse(Guid Id, string Name, decimal Amount, string Currency, Guid PipelineId, Guid StageId, string StageName, string StageKind,
    int Probability, DateOnly? ExpectedCloseDate, Guid? OwnerId, string? OwnerName, string? CloseReason, DateTimeOffset? ClosedAt,
    Guid? ContactId, Guid? CompanyId, Guid? LeadId, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <param name="Kind">open (the default), won or lost.</param>
public sealed record StageRequest([Text(100, Required = true)] string? Name, [OneOf(StageKinds.Open, StageKinds.Won, StageKinds.Lost)] string? Kind, [Between(0, 100)] int? Probability = null,
    int? Position = null);

public sealed record PipelineRequest([Text(100, Required = true)] string? Name, bool? IsDefault = null, List<StageRequest>? Stages = null);

public sealed record StageResponse(Guid Id, string Name, int Position, string Kind, int Probability);

public sealed record PipelineResponse(Guid Id, string Name, bool IsDefault, IReadOnlyList<StageResponse> Stages, DateTimeOffset CreatedAt);

/// <summary>A pipeline's deals per stage with their total amount per currency, for a board view.</summary>
public sealed record PipelineSummary(Guid PipelineId, string Name, IReadOnlyList<StageSummary> Stages);

public sealed record StageSummary(Guid StageId, string Name, string Kind, long Deals, IReadOnlyDictionary<string, decimal> AmountByCurrency);
