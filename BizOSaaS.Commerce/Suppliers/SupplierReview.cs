using BizOSaaS.Commerce.Approvals;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Store;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Suppliers;

/// <summary>
/// Reviews a supplier: assesses its risk from what the store holds and decides what follows. Low or medium risk
/// approves a supplier waiting for approval automatically; high or unknown risk asks a person (a
/// <c>supplier_validation</c> request) and, for an approved supplier whose risk got worse than what was approved,
/// suspends it until a person decides. A rejected supplier stays rejected. The caller saves.
/// </summary>
public sealed class SupplierReview(CommerceDb db, ApprovalOutbox outbox, TimeProvider clock)
{
    /// <summary>The assessment as of now, from the supplier's documents (loaded), its quoted prices and the tenant's country table.</summary>
    public async Task<RiskAssessment> AssessAsync(Supplier supplier, CancellationToken cancellationToken) =>
        (await AssessAsync([supplier], cancellationToken))[supplier.Id];

    /// <summary>Each supplier's assessment as of now: the settings and the quoted prices read once for all of them.</summary>
    public async Task<Dictionary<Guid, RiskAssessment>> AssessAsync(IReadOnlyCollection<Supplier> suppliers, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var since = now - SupplierRisk.PriceWindow;
        var ids = suppliers.Select(s => s.Id).ToList();
        var prices = (await db.SupplierPrices.AsNoTracking().Where(p => ids.Contains(p.SupplierId) && p.ObservedAt >= since).ToListAsync(cancellationToken))
            .ToLookup(p => p.SupplierId);
        var settings = await db.StoreSettingsAsync(cancellationToken);
        return suppliers.ToDictionary(s => s.Id, s => SupplierRisk.Assess(s, s.Documents, prices[s.Id].ToList(), settings.CountryRisk, now));
    }

    public async Task<RiskAssessment> ReviewAsync(Supplier supplier, CancellationToken cancellationToken) =>
        (await ReviewAsync([supplier], cancellationToken))[supplier.Id];

    /// <summary>Reviews each supplier (their documents loaded) on one assessment of them all.</summary>
    public async Task<Dictionary<Guid, RiskAssessment>> ReviewAsync(IReadOnlyCollection<Supplier> suppliers, CancellationToken cancellationToken)
    {
        var risks = await AssessAsync(suppliers, cancellationToken);
        foreach (var supplier in suppliers)
        {
            await DecideAsync(supplier, risks[supplier.Id], cancellationToken);
        }
        return risks;
    }

    private async Task DecideAsync(Supplier supplier, RiskAssessment risk, CancellationToken cancellationToken)
    {
        supplier.RiskScore = risk.Score;
        supplier.RiskLevel = risk.Level;
        supplier.AssessedAt = risk.AssessedAt;
        var acceptable = risk.Level is RiskLevels.Low or RiskLevels.Medium;
        switch (supplier.Status)
        {
            case SupplierStatuses.PendingApproval when acceptable:
                Approve(supplier, $"Approved automatically: risk {Describe(risk)}.");
                break;
            case SupplierStatuses.Approved when !acceptable && GotWorse(supplier, risk):
                supplier.Status = SupplierStatuses.PendingApproval;
                supplier.StatusReason = $"Risk is now {Describe(risk)}; its feeds wait until a person approves it again.";
                await AskAsync(supplier, risk, cancellationToken);
                break;
            case SupplierStatuses.PendingApproval:
                await AskAsync(supplier, risk, cancellationToken);
                break;
        }
    }

    /// <summary>A person's decision (or the request's expiry) on a supplier_validation request.</summary>
    public static void ApplyDecision(Supplier supplier, string status, string decidedBy, string? comment)
    {
        var because = string.IsNullOrWhiteSpace(comment) ? "" : $": {comment}";
        switch (status)
        {
            case "approved":
                Approve(supplier, $"Approved by {decidedBy} at risk {supplier.RiskLevel}{(supplier.RiskScore is { } score ? $" ({score:0.0})" : "")}{because}.");
                break;
            case "rejected":
                supplier.Status = SupplierStatuses.Rejected;
                supplier.StatusReason = $"Rejected by {decidedBy}{because}.";
                break;
            case "changes_requested":
                supplier.StatusReason = $"Changes requested by {decidedBy}{because}.";
                break;
            default:
                // Expired or cancelled: still waiting; the next review asks again.
                supplier.StatusReason = $"The approval request was {status}; the next review asks again.";
                break;
        }
    }

    private static void Approve(Supplier supplier, string reason)
    {
        supplier.Status = SupplierStatuses.Approved;
        supplier.StatusReason = reason;
        supplier.ApprovedRiskScore = supplier.RiskScore;
        supplier.ApprovedRiskLevel = supplier.RiskLevel;
    }

    /// <summary>Worse than what was approved: approved at low or medium, now another level, or 10 points more.</summary>
    private static bool GotWorse(Supplier supplier, RiskAssessment risk) =>
        supplier.ApprovedRiskLevel is not (RiskLevels.High or RiskLevels.Unknown)
        || supplier.ApprovedRiskLevel != risk.Level
        || (risk.Score ?? 0) > (supplier.ApprovedRiskScore ?? 0) + 10;

    private async Task AskAsync(Supplier supplier, RiskAssessment risk, CancellationToken cancellationToken) =>
        await outbox.RaiseAsync(ApprovalOutbox.SupplierValidation, supplier.Id, risk.Level == RiskLevels.High ? "high" : "medium",
            $"Validate supplier {supplier.Name} ({supplier.Country})",
            $"Risk {Describe(risk)}: " + string.Join("; ", risk.Factors.Select(f => $"{f.Label.ToLowerInvariant()} {(f.Risk is { } r ? r.ToString("0.#") : "unknown")}")) + ".",
            new
            {
                supplierId = supplier.Id,
                name = supplier.Name,
                country = supplier.Country,
                riskScore = risk.Score,
                riskLevel = risk.Level,
                factors = risk.Factors,
                isDemo = supplier.IsDemo,
            }, cancellationToken);

    private static string Describe(RiskAssessment risk) => risk.Score is { } score ? $"{risk.Level} ({score:0.0})" : risk.Level;
}
