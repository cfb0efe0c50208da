using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Catalog;

/// <summary>Something a tenant's store sells, in one or more <see cref="ProductVariant"/>s (size, colour), each with its own SKU,
/// price and stock. Buyable when published and, if a date is set, from <see cref="AvailableForPurchaseAt"/>.</summary>
public sealed class Product : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public Guid? CategoryId { get; set; }

    /// <summary>Its <see cref="ProductType"/>, whose attributes <see cref="Attributes"/> gives values for (name → value).</summary>
    public Guid? ProductTypeId { get; set; }
    public Dictionary<string, string> Attributes { get; set; } = [];
    public bool IsPublished { get; set; }

    /// <summary>Listed in the storefront's catalogue and search; when false, a published product is sold only through its own
    /// page's address (a hidden offer, a product for chosen customers).</summary>
    public bool IsVisibleInListings { get; set; } = true;
    public DateTimeOffset? AvailableForPurchaseAt { get; set; }
    public List<string> ImageUrls { get; set; } = [];
    public bool IsDemo { get; set; }

    /// <summary>The sourcing candidate this draft was made from when a person approved it (unique: one product per candidate).</summary>
    public Guid? SourcingCandidateId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ProductVariant> Variants { get; set; } = [];

    public bool IsPurchasableAt(DateTimeOffset now) => IsPublished && (AvailableForPurchaseAt is null || AvailableForPurchaseAt <= now);
}

/// <summary>One buyable version of a product. The SKU is unique within the tenant.</summary>
public sealed class ProductVariant : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ProductId { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public decimal Price { get; set; }
    public decimal? CostPrice { get; set; }
    public int? WeightGrams { get; set; }
    public bool TrackInventory { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}
