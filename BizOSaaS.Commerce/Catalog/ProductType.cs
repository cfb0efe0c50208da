using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Catalog;

/// <summary>A kind of product (mug, T-shirt, course) and the attributes every product of that kind describes itself with
/// (material, capacity, level). A product's attribute values are checked against its type on every write and are part of
/// its search document.</summary>
public sealed class ProductType : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public List<ProductAttribute> Attributes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One attribute of a <see cref="ProductType"/>: free text, a number, or one of its <paramref name="Choices"/>.</summary>
public sealed record ProductAttribute(string Name, string Kind, bool Required, IReadOnlyList<string> Choices, string? Unit);
