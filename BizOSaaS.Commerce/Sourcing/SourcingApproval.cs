using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Data;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Sourcing;

/// <summary>
/// A person's decision on a <c>product_sourcing</c> request. Approved, the candidate becomes a draft product (not
/// published) with one variant at the suggested price and the supplier's cost, in the caller's unit of work; the
/// unique <c>products.sourcing_candidate_id</c> keeps it to one product however often, or however concurrently, the
/// decision arrives. The caller saves; the answer says whether a product was made.
/// </summary>
public sealed class SourcingApproval(CommerceDb db)
{
    public async Task<bool> ApplyAsync(SourcingCandidate candidate, string status, string decidedBy, DateTimeOffset decidedAt, CancellationToken cancellationToken)
    {
        candidate.DecidedBy = decidedBy;
        candidate.DecidedAt = decidedAt;
        candidate.UpdatedAt = decidedAt;
        if (status != SourcingStatuses.Approved)
        {
            candidate.Status = status;
            return false;
        }
        candidate.Status = SourcingStatuses.Approved;
        if (candidate.ProductId is not null || await db.Products.AnyAsync(p => p.SourcingCandidateId == candidate.Id, cancellationToken))
        {
            return false;
        }
        var category = candidate.Category is { } name
            ? await db.Categories.Where(c => c.Name.ToLower() == name.ToLower()).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        // The supplier's SKU, unless the store already sells one by that name.
        var sku = await db.Variants.AnyAsync(v => v.Sku == candidate.SupplierSku, cancellationToken)
            ? $"{candidate.SupplierSku}-{candidate.Id.ToString("N")[^6..]}"
            : candidate.SupplierSku;
        var product = new Product
        {
            Id = Guid.CreateVersion7(),
            Name = candidate.Name,
            Description = candidate.Description,
            CategoryId = category,
            IsPublished = false,
            ImageUrls = candidate.ImageUrl is { } image ? [image] : [],
            SourcingCandidateId = candidate.Id,
            CreatedAt = decidedAt,
            UpdatedAt = decidedAt,
        };
        product.Variants.Add(new ProductVariant
        {
            Id = Guid.CreateVersion7(),
            ProductId = product.Id,
            Sku = sku.Length > 64 ? sku[..64] : sku,
            Name = candidate.Name,
            Price = candidate.SuggestedPrice,
            CostPrice = candidate.Cost,
            CreatedAt = decidedAt,
        });
        db.Products.Add(product);
        candidate.ProductId = product.Id;
        return true;
    }
}
