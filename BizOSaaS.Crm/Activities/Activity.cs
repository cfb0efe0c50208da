using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Crm.Activities;

/// <summary>Something done with a lead, contact, company or deal (exactly one of them): a note, call, email,
/// meeting, or a task with a due date and a done flag. A lead's activities drive its engagement score.</summary>
public sealed class Activity : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Kind { get; set; }
    public required string Subject { get; set; }
    public string? Body { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public bool Done { get; set; }
    public Guid? LeadId { get; set; }
    public Guid? ContactId { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? DealId { get; set; }
    public Guid? CreatedById { get; set; }
    public string? CreatedByName { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
