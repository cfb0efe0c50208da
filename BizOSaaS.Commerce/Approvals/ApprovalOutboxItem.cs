using BizOSaaS.Platform.Data.Approvals;

namespace BizOSaaS.Commerce.Approvals;

/// <summary>A question commerce asks a person: a supplier to validate or a sourcing candidate to take into the catalog
/// (<see cref="OutboxApprovalRequest"/>: kept until the queue has it and its decision is applied once).</summary>
public sealed class ApprovalOutboxItem : OutboxApprovalRequest
{
    /// <summary><c>supplier_validation</c> or <c>product_sourcing</c>.</summary>
    public required string Type { get; set; }

    /// <summary>The supplier or the sourcing candidate the question is about.</summary>
    public Guid SubjectId { get; set; }
    public required string Priority { get; set; }
}

/// <summary>A tenant that has raised an approval request here. Holds only the id, so background work (delivery, supplier
/// reviews) finds its tenants without reading across them.</summary>
public sealed class KnownTenant
{
    public Guid TenantId { get; set; }
    public DateTimeOffset Since { get; set; }
}
