namespace BizOSaaS.Commerce.Contracts;

/// <param name="Slug">Lower-case letters, digits and dashes; made from the name when left out.</param>
public sealed record CategoryRequest([Text(100, Required = true)] string? Name, [Matches("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "{0} must be lower-case letters and digits joined by single dashes."), Text(100)] string? Slug = null,
    Guid? ParentId = null);

public sealed record CategoryResponse(Guid Id, string Name, string Slug, Guid? ParentId, DateTimeOffset CreatedAt);

/// <summary>A product; <paramref name="Price"/> and <paramref name="Sku"/> make its first variant when no variants are given.</summary>
/// <param name="Currency">When given, it must be the store's currency (one currency per tenant).</param>
/// <param name="Attributes">Values of the attributes its <paramref name="ProductTypeId"/> defines, by attribute name; on an
/// update, left out keeps the values it has.</param>
/// <param name="IsVisibleInListings">false: published but left out of the storefront's catalogue and search, sold through its
/// own page's address only (default true; left out on an update keeps it).</param>
public sealed record ProductRequest(
    [Text(200, Required = true)] string? Name,
    [Text(64)] string? Sku = null,
    [Money] decimal? Price = null,
    [CurrencyCode] string? Currency = null,
    [Text(5000)] string? Description = null,
    Guid? CategoryId = null,
    bool? IsPublished = null,
    DateTimeOffset? AvailableForPurchaseAt = null,
    List<string>? ImageUrls = null,
    List<VariantRequest>? Variants = null,
    Guid? ProductTypeId = null,
    Dictionary<string, string>? Attributes = null,
    bool? IsVisibleInListings = null);

/// <param name="TrackInventory">true (the default): sold only from stock; false: always available (services, made to order).</param>
public sealed record VariantRequest(
    [Text(64, Required = true)] string? Sku,
    [Text(200)] string? Name = null,
    [Given, Money] decimal? Price = null,
    [Money] decimal? CostPrice = null,
    [Between(0, 1_000_000)] int? WeightGrams = null,
    bool? TrackInventory = null);

public sealed record VariantResponse(Guid Id, Guid ProductId, string Sku, string Name, decimal Price, decimal? CostPrice, int? WeightGrams, bool TrackInventory,
    int? QuantityAvailable);

/// <param name="Price">The lowest variant price (the product's "from" price).</param>
public sealed record ProductResponse(Guid Id, string Name, string? Description, Guid? CategoryId, string? Sku, decimal Price, string Currency, bool IsPublished,
    DateTimeOffset? AvailableForPurchaseAt, IReadOnlyList<string> ImageUrls, IReadOnlyList<VariantResponse> Variants, bool IsDemo, DateTimeOffset CreatedAt,
    Guid? ProductTypeId = null, IReadOnlyDictionary<string, string>? Attributes = null, bool IsVisibleInListings = true);

public sealed record ProductCount(long Count);

/// <summary>An attribute the products of a type describe themselves with.</summary>
/// <param name="Kind">text, number or choice (one of <paramref name="Choices"/>).</param>
/// <param name="Unit">Shown after a number (cm, ml, g).</param>
public sealed record ProductAttributeRequest(
    [Text(50, Required = true)] string? Name,
    [OneOf(AttributeKinds.Text, AttributeKinds.Number, AttributeKinds.Choice, Required = true)] string? Kind,
    bool? Required = null,
    List<string>? Choices = null,
    [Text(10)] string? Unit = null);

/// <summary>A kind of product and its attributes (at most 30). A change that would leave one of its products with a value the
/// type no longer allows, or without a required one, is refused.</summary>
public sealed record ProductTypeRequest([Text(100, Required = true)] string? Name, List<ProductAttributeRequest>? Attributes = null);

public sealed record ProductAttributeResponse(string Name, string Kind, bool Required, IReadOnlyList<string> Choices, string? Unit);

public sealed record ProductTypeResponse(Guid Id, string Name, IReadOnlyList<ProductAttributeResponse> Attributes, int ProductCount, DateTimeOffset CreatedAt);

public static class AttributeKinds
{
    public const string Text = "text";
    public const string Number = "number";
    public const string Choice = "choice";
}
