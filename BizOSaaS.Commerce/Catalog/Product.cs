using System.ComponentModel;
using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Commerce.Catalog;

/// <summary>Something a tenant's store sells; the commerce issue grows this into the full catalog.</summary>
public sealed class Product : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Sku { get; set; }
    public decimal Price { get; set; }
    public required string Currency { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed record ProductRequest(
    [Text(200, Required = true)] string? Name,
    [Text(64)] string? Sku,
    [Between(0, 100_000_000, Required = true)] decimal? Price,
    [Given, Matches("^[A-Z]{3}$", ErrorMessage = "{0} must be a three-letter ISO 4217 code in capitals, e.g. USD.")] string? Currency);

[ImmutableObject(true)]
public sealed record ProductResponse(Guid Id, string Name, string? Sku, decimal Price, string Currency, DateTimeOffset CreatedAt)
{
    public static ProductResponse From(Product e) => new(e.Id, e.Name, e.Sku, e.Price, e.Currency, e.CreatedAt);
}

[ImmutableObject(true)]
public sealed record ProductCount(long Count);
