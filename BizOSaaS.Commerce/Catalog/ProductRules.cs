using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Store;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Catalog;

/// <summary>The rules of a product's and a variant's fields that need the tenant's data: its currency, its categories,
/// SKUs not used by another of its variants.</summary>
public sealed class ProductRules(CommerceDb db, RequestValidator validator)
{
    public async Task<FieldErrors> ApplyAsync(Product product, ProductRequest request, bool isNew, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        var settings = await db.StoreSettingsAsync(cancellationToken);
        if (request.Currency.Trimmed() is { } currency && !string.Equals(currency, settings.Currency, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("currency", $"Your store sells in {settings.Currency}; change the store's currency first (one currency per store).");
        }
        if (request.CategoryId is { } categoryId && !await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken))
        {
            errors.Add("categoryId", "Your tenant has no such category.");
        }
        if (request.ProductTypeId is { } typeId)
        {
            var type = await db.ProductTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == typeId, cancellationToken);
            if (type is null)
            {
                errors.Add("productTypeId", "Your tenant has no such product type.");
            }
            else
            {
                product.Attributes = ProductAttributes.Check(type.Attributes, request.Attributes ?? (isNew ? [] : product.Attributes), errors);
            }
        }
        else if (request.Attributes is { Count: > 0 })
        {
            errors.Add("attributes", "Only a product with a productTypeId has attributes; its type says which.");
        }
        else
        {
            product.Attributes = [];
        }
        product.ProductTypeId = request.ProductTypeId;
        foreach (var (url, index) in (request.ImageUrls ?? []).Select((u, i) => (u, i)))
        {
            if (!WebAddresses.IsHttp(url) || url.Length > 2000)
            {
                errors.Add($"imageUrls[{index}]", "Each image must be an http(s) address of at most 2000 characters.");
            }
        }
        if (isNew)
        {
            var variants = request.Variants ?? [];
            if (variants.Count == 0 && request.Price is null)
            {
                errors.Add("price", "price is required when no variants are given.");
            }
            if (variants.Count > 100)
            {
                errors.Add("variants", "A product has at most 100 variants.");
            }
            var skus = variants.Count > 0 ? variants.Select(v => v.Sku.Trimmed()).OfType<string>().ToList() : [request.Sku.Trimmed() ?? ""];
            if (skus.GroupBy(s => s, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
            {
                errors.Add("variants", "Each variant needs its own SKU.");
            }
            await CheckSkusFreeAsync(skus.Where(s => s.Length > 0).ToList(), errors, variants.Count > 0 ? "variants" : "sku", null, cancellationToken);
        }
        else if (request.Variants is { Count: > 0 })
        {
            errors.Add("variants", "Change variants at /products/{id}/variants.");
        }
        product.Name = request.Name.Trimmed() ?? "";
        product.Description = request.Description.Trimmed();
        product.CategoryId = request.CategoryId;
        product.IsPublished = request.IsPublished ?? (isNew || product.IsPublished);
        product.IsVisibleInListings = request.IsVisibleInListings ?? (isNew || product.IsVisibleInListings);
        product.AvailableForPurchaseAt = request.AvailableForPurchaseAt;
        product.ImageUrls = request.ImageUrls?.Select(u => u.Trim()).ToList() ?? (isNew ? [] : product.ImageUrls);
        return errors;
    }

    public async Task<FieldErrors> ApplyAsync(ProductVariant variant, VariantRequest request, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (request.Sku.Trimmed() is { } sku && !string.Equals(sku, variant.Sku, StringComparison.Ordinal))
        {
            await CheckSkusFreeAsync([sku], errors, "sku", variant.Id, cancellationToken);
        }
        Apply(variant, request);
        return errors;
    }

    public static void Apply(ProductVariant variant, VariantRequest request)
    {
        variant.Sku = request.Sku.Trimmed() ?? variant.Sku;
        variant.Name = request.Name.Trimmed() ?? variant.Sku;
        variant.Price = request.Price ?? variant.Price;
        variant.CostPrice = request.CostPrice;
        variant.WeightGrams = request.WeightGrams;
        variant.TrackInventory = request.TrackInventory ?? true;
    }

    private async Task CheckSkusFreeAsync(List<string> skus, FieldErrors errors, string field, Guid? except, CancellationToken cancellationToken)
    {
        var taken = await db.Variants.Where(v => skus.Contains(v.Sku) && v.Id != except).Select(v => v.Sku).ToListAsync(cancellationToken);
        if (taken.Count > 0)
        {
            errors.Add(field, $"Another product of yours already uses the SKU {string.Join(", ", taken)}.");
        }
    }
}
