using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Crm.Contacts;

/// <summary>A person the tenant does business with, often made from a converted lead.</summary>
public sealed class Contact : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }

    /// <summary>Lower-case email, for linking a converted lead to an existing contact.</summary>
    public string? EmailKey { get; set; }
    public string? Phone { get; set; }
    public string? JobTitle { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? OwnerId { get; set; }
    public string? OwnerName { get; set; }

    /// <summary>The lead this contact was converted from, if any.</summary>
    public Guid? LeadId { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
