using System.Diagnostics.CodeAnalysis;
using BizOSaaS.Commerce.Approvals;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Store;
using BizOSaaS.Commerce.Suppliers;
using BizOSaaS.Commerce.Validation;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Sourcing;

/// <summary>
/// Turns an approved supplier's feed into scored sourcing candidates, in one transaction with the supplier's row locked
/// (two imports of one supplier's feed run one after the other). A row creates the candidate of its SKU or updates it,
/// records the quoted cost for the supplier's price volatility, and is scored; a candidate reaching the tenant's
/// threshold asks a person (a <c>product_sourcing</c> request), once. A rejected candidate is not asked about again.
/// A feed with any bad row is refused whole (each error named by its row) and nothing is written; the supplier is
/// reviewed again after the import.
/// </summary>
public sealed class FeedImport(CommerceDb db, RequestValidator validator, ApprovalOutbox outbox, SupplierReview review, TimeProvider clock)
{
    /// <summary>Asked about again when a feed brings them back above the threshold.</summary>
    private static readonly string[] Askable = [SourcingStatuses.BelowThreshold, "expired", "cancelled"];

    /// <summary>Whether <paramref name="supplier"/> may feed sourcing (it exists and is approved); why not otherwise.</summary>
    public static bool CanFeed([NotNullWhen(true)] Supplier? supplier, [NotNullWhen(false)] out StoreOutcome? refusal)
    {
        refusal = supplier is null ? new StoreOutcome.NotFound("supplier")
            : supplier.Status != SupplierStatuses.Approved ? new StoreOutcome.Refused("Supplier not approved",
                $"{supplier.Name} is {supplier.Status.Replace('_', ' ')}; only approved suppliers feed sourcing. {supplier.StatusReason}")
            : null;
        return refusal is null;
    }

    public async Task<(FeedImportResult? Result, StoreOutcome Outcome)> ImportAsync(Guid supplierId, SupplierFeedReader.Feed feed, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var supplier = await db.Suppliers.FromSql($"SELECT * FROM suppliers WHERE id = {supplierId} FOR UPDATE").Include(s => s.Documents).SingleOrDefaultAsync(cancellationToken);
        if (!CanFeed(supplier, out var refusal))
        {
            return (null, refusal);
        }
        var settings = await db.StoreSettingsAsync(cancellationToken);
        if (feed.Rows.Count == 0)
        {
            return (null, new StoreOutcome.Invalid(FieldErrors.Of("rows", "The feed has no rows.")));
        }
        var errors = new FieldErrors();
        errors.Add(feed.Errors);
        var firstRowOfSku = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, item) in feed.Rows)
        {
            var fieldErrors = await validator.ValidateAsync(item, cancellationToken);
            if (item.Currency.Trimmed() is { } currency && !currency.Equals(settings.Currency, StringComparison.OrdinalIgnoreCase))
            {
                fieldErrors.Add("currency", $"currency must be your store's, {settings.Currency}.");
            }
            if (item.Sku.Trimmed() is { } sku && !fieldErrors.Has("sku") && !firstRowOfSku.TryAdd(sku, row))
            {
                fieldErrors.Add("sku", $"sku {sku} is already in row {firstRowOfSku[sku]} of this feed.");
            }
            foreach (var (field, messages) in fieldErrors.ToDictionary())
            {
                Array.ForEach(messages, message => errors.Add($"{row}.{field}", message));
            }
        }
        if (errors.Any)
        {
            return (null, new StoreOutcome.Invalid(errors));
        }

        var now = clock.GetUtcNow();
        var skus = feed.Rows.Select(g => g.Item.Sku!.Trim()).ToList();
        var existing = await db.SourcingCandidates.Where(c => c.SupplierId == supplier.Id && skus.Contains(c.SupplierSku))
            .ToDictionaryAsync(c => c.SupplierSku, StringComparer.OrdinalIgnoreCase, cancellationToken);
        int created = 0, updated = 0, raised = 0;
        foreach (var (_, item) in feed.Rows)
        {
            var sku = item.Sku!.Trim();
            if (!existing.TryGetValue(sku, out var candidate))
            {
                candidate = new SourcingCandidate { Id = Guid.CreateVersion7(), SupplierId = supplier.Id, SupplierSku = sku, Name = "", Currency = settings.Currency, ImportedAt = now };
                db.SourcingCandidates.Add(candidate);
                created++;
            }
            else
            {
                updated++;
            }
            candidate.Name = item.Name!.Trim();
            candidate.Description = item.Description.Trimmed();
            candidate.Category = item.Category.Trimmed();
            candidate.ImageUrl = item.ImageUrl.Trimmed();
            candidate.Cost = item.Cost!.Value;
            candidate.ShippingCost = item.ShippingCost ?? 0;
            candidate.SuggestedPrice = item.SuggestedPrice!.Value;
            candidate.Currency = settings.Currency;
            candidate.MonthlyDemand = item.MonthlyDemand;
            candidate.Competitors = item.Competitors;
            candidate.UpdatedAt = now;
            (candidate.Score, candidate.Factors) = CandidateScoring.Score(
                new CandidateScoring.Offer(candidate.Cost, candidate.ShippingCost, candidate.SuggestedPrice, candidate.MonthlyDemand, candidate.Competitors, candidate.Currency),
                supplier.RiskScore, supplier.Name, settings.MarketplaceFeePercent);
            candidate.Threshold = settings.SourcingThreshold;
            db.SupplierPrices.Add(new SupplierPriceObservation { Id = Guid.CreateVersion7(), SupplierId = supplier.Id, Sku = sku, Cost = candidate.Cost, ObservedAt = now });
            if (candidate.Score >= settings.SourcingThreshold && Askable.Contains(candidate.Status)
                && await outbox.RaiseAsync(ApprovalOutbox.ProductSourcing, candidate.Id, candidate.Score >= 90 ? "high" : "medium",
                    $"Source {candidate.Name} from {supplier.Name}",
                    $"Score {candidate.Score:0.0} reached your threshold of {settings.SourcingThreshold:0.#}: " + string.Join("; ", candidate.Factors.Select(f => $"{f.Label.ToLowerInvariant()} {f.Score:0.#}")) + ".",
                    new
                    {
                        candidateId = candidate.Id,
                        supplierId = supplier.Id,
                        supplierName = supplier.Name,
                        sku,
                        name = candidate.Name,
                        cost = candidate.Cost,
                        suggestedPrice = candidate.SuggestedPrice,
                        currency = candidate.Currency,
                        score = candidate.Score,
                        threshold = settings.SourcingThreshold,
                        factors = candidate.Factors,
                    }, cancellationToken))
            {
                candidate.Status = SourcingStatuses.PendingApproval;
                raised++;
            }
            else if (candidate.Score < settings.SourcingThreshold && Askable.Contains(candidate.Status))
            {
                candidate.Status = SourcingStatuses.BelowThreshold;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        // The quoted costs just written count in the supplier's price volatility.
        supplier.UpdatedAt = now;
        await review.ReviewAsync(supplier, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new FeedImportResult(supplier.Id, feed.Rows.Count, created, updated, raised), new StoreOutcome.Done());
    }
}
