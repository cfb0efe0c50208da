using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Inventory;

public sealed class Warehouse : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A variant's stock in one warehouse: <see cref="Quantity"/> on the shelf, of which <see cref="Allocated"/> is held
/// for orders not shipped yet. The database refuses a row with either below zero or more allocated than there is.</summary>
public sealed class Stock : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid VariantId { get; set; }
    public Guid WarehouseId { get; set; }
    public int Quantity { get; set; }
    public int Allocated { get; set; }

    public int Available => Quantity - Allocated;
}

/// <summary>Stock held for one order line in one warehouse, until the line ships or the order is cancelled.</summary>
public sealed class Allocation : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid OrderLineId { get; set; }
    public Guid StockId { get; set; }
    public Guid WarehouseId { get; set; }
    public int Quantity { get; set; }
}

/// <summary>Every change of stock, with who made it and why (<see cref="Contracts.StockReasons"/>).</summary>
public sealed class StockMovement : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid VariantId { get; set; }
    public Guid WarehouseId { get; set; }
    public int Change { get; set; }
    public required string Reason { get; set; }
    public string? Note { get; set; }
    public Guid? OrderId { get; set; }
    public string? ActorName { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>Stock a checkout holds for its buyer until <see cref="ReservedUntil"/>: no other checkout can take it meanwhile.
/// Counted against a variant's stock across all its warehouses; expired rows count for nothing and are cleared when the
/// variant is reserved again.</summary>
public sealed class StockReservation : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid CheckoutId { get; set; }
    public Guid VariantId { get; set; }
    public int Quantity { get; set; }
    public DateTimeOffset ReservedUntil { get; set; }
}
