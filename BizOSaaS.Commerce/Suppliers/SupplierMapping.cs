namespace BizOSaaS.Commerce.Suppliers;

public static class SupplierMapping
{
    public static SupplierResponse ToResponse(this Supplier supplier, RiskAssessment risk, DateOnly today) => new(
        supplier.Id, supplier.Name, supplier.Country, supplier.Email, supplier.Website, supplier.OrdersDelivered, supplier.DefectiveOrders, supplier.LateShipments,
        supplier.Status, supplier.StatusReason, risk,
        supplier.Documents.OrderBy(d => d.Kind).ThenByDescending(d => d.ExpiresOn ?? DateOnly.MaxValue).Select(d => d.ToResponse(today)).ToList(),
        supplier.IsDemo, supplier.CreatedAt, supplier.UpdatedAt);

    public static SupplierDocumentResponse ToResponse(this SupplierDocument document, DateOnly today) => new(
        document.Id, document.Kind, document.Number, document.Title, document.IssuedOn, document.ExpiresOn, document.Url, document.IsExpiredOn(today), document.CreatedAt);
}
