using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Catalog;

/// <summary>A node of the tenant's category tree.</summary>
public sealed class Category : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public Guid? ParentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
