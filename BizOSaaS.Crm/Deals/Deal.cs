using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Crm.Deals;

/// <summary>A possible sale moving through a pipeline's stages until it is won or lost.</summary>
public sealed class Deal : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public decimal Amount { get; set; }

    /// <summary>ISO 4217 code, upper-case.</summary>
    public required string Currency { get; set; }
    public Guid PipelineId { get; set; }
    public Guid StageId { get; set; }

    /// <summary>0–100; the stage's probability unless set.</summary>
    public int Probability { get; set; }
    public DateOnly? ExpectedCloseDate { get; set; }
    public Guid? OwnerId { get; set; }
    public string? OwnerName { get; set; }

    /// <summary>Why it was won or lost; required when the deal enters a lost stage.</summary>
    public string? CloseReason { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public Guid? ContactId { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? LeadId { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>A sales process: ordered stages from open to won or lost. Each tenant starts with a default one.</summary>
public sealed class Pipeline : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public bool IsDefault { get; set; }
    public List<PipelineStage> Stages { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class PipelineStage : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid PipelineId { get; set; }
    public required string Name { get; set; }
    public int Position { get; set; }

    /// <summary><c>open</c>, <c>won</c> or <c>lost</c>.</summary>
    public required string Kind { get; set; }
    public int Probability { get; set; }
}
