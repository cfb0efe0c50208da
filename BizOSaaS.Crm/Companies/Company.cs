using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Crm.Companies;

/// <summary>An organisation the tenant sells to. Its domain is unique per tenant when set.</summary>
public sealed class Company : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }

    /// <summary>Lower-case name, for linking a converted lead by company name.</summary>
    public string NameKey { get; set; } = "";

    /// <summary>Lower-case host name without "www.", e.g. <c>example.com</c>.</summary>
    public string? Domain { get; set; }
    public string? Industry { get; set; }

    /// <summary>Number of employees.</summary>
    public int? Size { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
