namespace BizOSaaS.Commerce.Inventory;

public static class InventoryMapping
{
    extension(WarehouseResponse)
    {
        public static WarehouseResponse From(Warehouse e) => new(e.Id, e.Name, e.City, e.Country, e.CreatedAt);
    }

    extension(StockMovementResponse)
    {
        public static StockMovementResponse From(StockMovement e) => new(e.Id, e.VariantId, e.WarehouseId, e.Change, e.Reason, e.Note, e.OrderId, e.ActorName, e.OccurredAt);
    }
}
