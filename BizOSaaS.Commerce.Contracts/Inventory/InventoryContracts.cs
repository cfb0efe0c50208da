namespace BizOSaaS.Commerce.Contracts;

public sealed record WarehouseRequest([Text(100, Required = true)] string? Name, [Text(100)] string? City = null, [Matches("^[A-Za-z]{2}$", ErrorMessage = "{0} must be a two-letter ISO 3166 code, e.g. DE.")] string? Country = null);

public sealed record WarehouseResponse(Guid Id, string Name, string? City, string? Country, DateTimeOffset CreatedAt);

/// <summary>Changes a variant's stock in a warehouse by <paramref name="Change"/> (received: positive; damaged, lost, counted
/// fewer: negative). The stock never goes below what open orders have allocated.</summary>
/// <param name="Reason">Why, in the stock's history: restock, adjustment, damaged, count or return.</param>
public sealed record StockChangeRequest([Given] Guid? VariantId, [Given] Guid? WarehouseId, [Between(-1_000_000, 1_000_000, Required = true)] int? Change,
    [OneOf(StockReasons.Restock, StockReasons.Adjustment, StockReasons.Damaged, StockReasons.Count, StockReasons.Return, Required = true)] string? Reason,
    [Text(500)] string? Note = null);

/// <param name="Allocated">Held for orders not shipped yet.</param>
public sealed record StockResponse(Guid VariantId, string Sku, Guid WarehouseId, string WarehouseName, int Quantity, int Allocated, int Available);

public sealed record StockMovementResponse(Guid Id, Guid VariantId, Guid WarehouseId, int Change, string Reason, string? Note, Guid? OrderId, string? ActorName, DateTimeOffset OccurredAt);

/// <summary>Why stock moved: the values a stock change or movement can carry.</summary>
public static class StockReasons
{
    public const string Restock = "restock";
    public const string Adjustment = "adjustment";
    public const string Damaged = "damaged";
    public const string Count = "count";
    public const string Return = "return";
    public const string Allocation = "allocation";
    public const string Release = "release";
    public const string Fulfillment = "fulfillment";
}
