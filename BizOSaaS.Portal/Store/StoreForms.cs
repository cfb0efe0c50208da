using BizOSaaS.Commerce.Contracts;
using BizOSaaS.Ui.PlatformApi;
using BizOSaaS.Validation;

namespace BizOSaaS.Portal.Store;

/// <summary>The voucher form as the page binds it; its dates are whole days in UTC, the end day included.</summary>
public sealed class VoucherForm
{
    public string? Code { get; set; }
    public string? Kind { get; set; } = VoucherKinds.Fixed;
    public decimal? Value { get; set; }
    public int? UsageLimit { get; set; }
    public bool OncePerCustomer { get; set; }
    public DateTime? StartsOn { get; set; }
    public DateTime? EndsOn { get; set; }

    public VoucherRequest ToRequest() => new(
        Code: Code?.Trim(),
        Kind: Kind,
        Value: Value,
        ProductIds: null,
        UsageLimit: UsageLimit,
        OncePerCustomer: OncePerCustomer,
        StartsAt: StartsOn is { } starts ? new DateTimeOffset(starts.Date, TimeSpan.Zero) : null,
        EndsAt: EndsOn is { } ends ? new DateTimeOffset(ends.Date.AddDays(1), TimeSpan.Zero) : null);
}

public sealed class WarehouseForm
{
    public string? Name { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }

    public WarehouseRequest ToRequest() => new(Name: Name?.Trim(), City: City.Trimmed(), Country: Country.Trimmed());
}

public sealed class StockChangeForm
{
    public Guid? VariantId { get; set; }
    public Guid? WarehouseId { get; set; }
    public int? Change { get; set; }
    public string? Reason { get; set; } = StockReasons.Restock;
    public string? Note { get; set; }

    /// <summary>The reasons staff give for a change by hand; allocation, release and fulfilment are the orders' own.</summary>
    public static readonly string[] Reasons = [StockReasons.Restock, StockReasons.Adjustment, StockReasons.Damaged, StockReasons.Count, StockReasons.Return];

    public StockChangeRequest ToRequest() => new(VariantId: VariantId, WarehouseId: WarehouseId, Change: Change, Reason: Reason, Note: Note.Trimmed());
}

/// <summary>A new product with one variant made from its SKU and price, of a product type with its attribute values
/// when one is chosen.</summary>
public sealed class NewProductForm
{
    public string? Name { get; set; }
    public string? Sku { get; set; }
    public decimal? Price { get; set; }
    public string? Description { get; set; }
    public bool IsPublished { get; set; }
    public Guid? ProductTypeId { get; set; }
    public Dictionary<string, string?> Attributes { get; } = [];

    public ProductRequest ToRequest() => new(
        Name: Name?.Trim(),
        Sku: Sku.Trimmed(),
        Price: Price,
        Description: Description.Trimmed(),
        IsPublished: IsPublished,
        ProductTypeId: ProductTypeId,
        Attributes: ProductTypeId is null ? null : Attributes.Where(a => !string.IsNullOrWhiteSpace(a.Value)).ToDictionary(a => a.Key, a => a.Value!.Trim()));
}

/// <summary>A new product type: its name and the attributes its products describe themselves with.</summary>
public sealed class ProductTypeForm
{
    public string? Name { get; set; }
    public List<AttributeRow> Attributes { get; } = [new()];

    public sealed class AttributeRow
    {
        public string? Name { get; set; }
        public string Kind { get; set; } = AttributeKinds.Text;
        public bool Required { get; set; }

        /// <summary>A choice's choices, separated by commas.</summary>
        public string? Choices { get; set; }
        public string? Unit { get; set; }
    }

    public ProductTypeRequest ToRequest() => new(
        Name?.Trim(),
        Attributes.Where(a => !string.IsNullOrWhiteSpace(a.Name)).Select(a => new ProductAttributeRequest(
            a.Name!.Trim(), a.Kind, a.Required,
            a.Kind == AttributeKinds.Choice ? (a.Choices ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList() : null,
            a.Kind == AttributeKinds.Number ? a.Unit.Trimmed() : null)).ToList());
}

/// <summary>A product's own fields as the edit form shows them; a PUT replaces them all, so the request carries the
/// fields the form does not show (category, availability, images, product type) as they were. Its attributes are left
/// out, which keeps the values the product has.</summary>
public sealed class ProductEditForm
{
    public required ProductResponse Product { get; init; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public bool IsPublished { get; set; }

    /// <summary>The new price of each variant, by its id.</summary>
    public Dictionary<Guid, decimal?> Prices { get; } = [];

    public static ProductEditForm From(ProductResponse product)
    {
        var form = new ProductEditForm { Product = product, Name = product.Name, Description = product.Description, IsPublished = product.IsPublished };
        foreach (var variant in product.Variants)
        {
            form.Prices[variant.Id] = variant.Price;
        }
        return form;
    }

    public ProductRequest ToRequest() => new(
        Name: Name?.Trim(),
        Description: Description.Trimmed(),
        CategoryId: Product.CategoryId,
        IsPublished: IsPublished,
        AvailableForPurchaseAt: Product.AvailableForPurchaseAt,
        ImageUrls: [.. Product.ImageUrls],
        ProductTypeId: Product.ProductTypeId);

    /// <summary>The variant as it is with the new price: a PUT replaces every field of it.</summary>
    public VariantRequest ToRequest(VariantResponse variant) => new(
        Sku: variant.Sku,
        Name: variant.Name,
        Price: Prices.GetValueOrDefault(variant.Id),
        CostPrice: variant.CostPrice,
        WeightGrams: variant.WeightGrams,
        TrackInventory: variant.TrackInventory);
}

public sealed class SupplierForm
{
    public string? Name { get; set; }
    public string? Country { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public int? OrdersDelivered { get; set; }
    public int? DefectiveOrders { get; set; }
    public int? LateShipments { get; set; }

    public SupplierRequest ToRequest() => new(
        Name: Name?.Trim(),
        Country: Country?.Trim(),
        Email: Email.Trimmed(),
        Website: Website.Trimmed(),
        OrdersDelivered: OrdersDelivered,
        DefectiveOrders: DefectiveOrders,
        LateShipments: LateShipments);
}

public sealed class SupplierDocumentForm
{
    public string? Kind { get; set; } = SupplierDocumentKinds.Registration;
    public string? Number { get; set; }
    public DateTime? ExpiresOn { get; set; }

    public static readonly string[] Kinds = [SupplierDocumentKinds.Registration, SupplierDocumentKinds.TaxId, SupplierDocumentKinds.Certification];

    public SupplierDocumentRequest ToRequest() => new(
        Kind: Kind,
        Number: Number?.Trim(),
        ExpiresOn: ExpiresOn is { } expires ? DateOnly.FromDateTime(expires) : null);
}
