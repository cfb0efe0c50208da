namespace BizOSaaS.Commerce.Catalog;

/// <summary>The commerce contracts (BizOSaaS.Commerce.Contracts) made from the catalog's entities.</summary>
public static class CatalogMapping
{
    extension(ProductResponse)
    {
        /// <param name="available">Per variant: what its warehouses can still sell (untracked variants are left out).</param>
        public static ProductResponse From(Product e, string currency, IReadOnlyDictionary<Guid, int>? available = null)
        {
            var variants = e.Variants.OrderBy(v => v.CreatedAt).ThenBy(v => v.Sku, StringComparer.Ordinal)
                .Select(v => VariantResponse.From(v, v.TrackInventory ? available?.GetValueOrDefault(v.Id) : null)).ToList();
            return new(e.Id, e.Name, e.Description, e.CategoryId, variants.Count == 1 ? variants[0].Sku : null,
                variants.Count == 0 ? 0 : variants.Min(v => v.Price), currency, e.IsPublished, e.AvailableForPurchaseAt, e.ImageUrls, variants, e.IsDemo, e.CreatedAt,
                e.ProductTypeId, e.Attributes, e.IsVisibleInListings);
        }
    }

    extension(VariantResponse)
    {
        public static VariantResponse From(ProductVariant v, int? available) =>
            new(v.Id, v.ProductId, v.Sku, v.Name, v.Price, v.CostPrice, v.WeightGrams, v.TrackInventory, available);
    }

    extension(ProductTypeResponse)
    {
        public static ProductTypeResponse From(ProductType e, int productCount) =>
            new(e.Id, e.Name, e.Attributes.Select(a => new ProductAttributeResponse(a.Name, a.Kind, a.Required, a.Choices, a.Unit)).ToList(), productCount, e.CreatedAt);
    }

    extension(CategoryResponse)
    {
        public static CategoryResponse From(Category e) => new(e.Id, e.Name, e.Slug, e.ParentId, e.CreatedAt);
    }
}
