using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Orders;

/// <summary>A completed checkout. Its lines copy the names and prices of the moment; its amounts are the checkout's totals,
/// and <see cref="Charged"/> and <see cref="Refunded"/> are the sums of its payment transactions' events.</summary>
public sealed class Order : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public long Number { get; set; }
    public Guid CheckoutId { get; set; }
    public required string Status { get; set; }
    public required string Email { get; set; }
    public required Address ShippingAddress { get; set; }
    public required string ShippingMethodName { get; set; }
    public string? VoucherCode { get; set; }
    public required string Currency { get; set; }
    public decimal Subtotal { get; set; }
    public decimal Discount { get; set; }
    public decimal Shipping { get; set; }
    public decimal Tax { get; set; }
    public decimal Total { get; set; }
    public decimal Charged { get; set; }
    public decimal Refunded { get; set; }
    public bool IsDemo { get; set; }

    /// <summary>For an order placed on the storefront: the secret in the shopper's order-status link.</summary>
    public string? AccessKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
    public List<Fulfillment> Fulfillments { get; set; } = [];
}

public sealed class OrderLine : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid OrderId { get; set; }
    public Guid VariantId { get; set; }
    public Guid ProductId { get; set; }
    public required string ProductName { get; set; }
    public required string VariantName { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    public int QuantityFulfilled { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal Total { get; set; }
}

/// <summary>Lines shipped together from one warehouse.</summary>
public sealed class Fulfillment : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid OrderId { get; set; }
    public Guid WarehouseId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<FulfillmentLine> Lines { get; set; } = [];
}

public sealed class FulfillmentLine : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid FulfillmentId { get; set; }
    public Guid OrderLineId { get; set; }
    public int Quantity { get; set; }
}
