using System.ComponentModel;
using BizOSaaS.ServiceDefaults.Tenancy;

namespace BizOSaaS.Crm.Leads;

/// <summary>A person or business that may buy; the CRM issue grows this into the full lead model.</summary>
public sealed class Lead : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public string? Company { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed record LeadRequest(string? Name, string? Email, string? Company);

[ImmutableObject(true)]
public sealed record LeadResponse(Guid Id, string Name, string Email, string? Company, DateTimeOffset CreatedAt)
{
    public static LeadResponse From(Lead e) => new(e.Id, e.Name, e.Email, e.Company, e.CreatedAt);
}

[ImmutableObject(true)]
public sealed record LeadCount(long Count);
