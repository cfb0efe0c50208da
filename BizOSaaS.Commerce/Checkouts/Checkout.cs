using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Checkouts;

/// <summary>A buyer's cart and choices. Completing it creates its order once: <see cref="OrderId"/> is set in the same
/// transaction, and a retried completion returns that order.</summary>
public sealed class Checkout : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string? Email { get; set; }
    public Address? ShippingAddress { get; set; }
    public Guid? ShippingMethodId { get; set; }
    public string? VoucherCode { get; set; }
    public Guid? OrderId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<CheckoutLine> Lines { get; set; } = [];
}

public sealed class CheckoutLine : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid CheckoutId { get; set; }
    public Guid VariantId { get; set; }
    public int Quantity { get; set; }
}

public sealed class ShippingMethod : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public decimal Price { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A discount code. <see cref="Used"/> only grows inside the completing transaction, by a conditional UPDATE, so
/// concurrent checkouts never use it more than <see cref="UsageLimit"/> times.</summary>
public sealed class Voucher : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>Upper case; codes are matched without case.</summary>
    public required string Code { get; set; }
    public required string Kind { get; set; }
    public decimal Value { get; set; }
    public List<Guid> ProductIds { get; set; } = [];
    public int? UsageLimit { get; set; }
    public bool OncePerCustomer { get; set; }
    public int Used { get; set; }
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => (StartsAt is null || StartsAt <= now) && (EndsAt is null || now < EndsAt);
}

/// <summary>One order's use of a voucher; for a once-per-customer voucher a unique index allows one per email.</summary>
public sealed class VoucherUse : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid VoucherId { get; set; }
    public Guid OrderId { get; set; }
    public required string CustomerEmail { get; set; }
    public bool OncePerCustomer { get; set; }
}
