namespace BizOSaaS.Commerce.Sourcing;

public static class SourcingMapping
{
    public static SourcingCandidateResponse ToResponse(this SourcingCandidate c, string supplierName) => new(
        c.Id, c.SupplierId, supplierName, c.SupplierSku, c.Name, c.Description, c.Category, c.Cost, c.ShippingCost, c.SuggestedPrice, c.Currency,
        c.MonthlyDemand, c.Competitors, c.Score, c.Threshold, c.Factors, c.Status, c.ProductId, c.DecidedBy, c.ImportedAt, c.UpdatedAt);
}
