using System.Globalization;

namespace BizOSaaS.Portal.Shop;

/// <summary>
/// A shopper's cart, kept in a cookie of the shop's own (no account, nothing on the server until the order): the lines
/// as product, variant and quantity. Only ids and counts: prices and stock are always read from the store again.
/// </summary>
public sealed class ShopCart
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 1000;

    public sealed record Line(Guid ProductId, Guid VariantId, int Quantity);

    private readonly List<Line> _lines = [];

    public IReadOnlyList<Line> Lines => _lines;

    public int Count => _lines.Sum(l => l.Quantity);

    public static string CookieName(string slug) => $"shop-cart-{slug.ToLowerInvariant()}";

    /// <summary>The cart the request's cookie holds; anything unreadable in it is left out.</summary>
    public static ShopCart From(HttpContext context, string slug)
    {
        var cart = new ShopCart();
        foreach (var entry in (context.Request.Cookies[CookieName(slug)] ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries).Take(MaxLines))
        {
            var parts = entry.Split(':');
            if (parts.Length == 3 && Guid.TryParse(parts[0], out var product) && Guid.TryParse(parts[1], out var variant)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) && quantity is > 0 and <= MaxQuantity)
            {
                cart.Add(product, variant, quantity);
            }
        }
        return cart;
    }

    public void Add(Guid productId, Guid variantId, int quantity)
    {
        var index = _lines.FindIndex(l => l.VariantId == variantId);
        if (index >= 0)
        {
            _lines[index] = _lines[index] with { Quantity = Math.Min(MaxQuantity, _lines[index].Quantity + quantity) };
        }
        else if (_lines.Count < MaxLines)
        {
            _lines.Add(new Line(productId, variantId, Math.Min(MaxQuantity, quantity)));
        }
    }

    public void Remove(Guid variantId) => _lines.RemoveAll(l => l.VariantId == variantId);

    /// <summary>Writes the cart back (or removes the cookie when it is empty): HTTP only, same site, for the shop's pages.</summary>
    public void Save(HttpContext context, string slug)
    {
        var name = CookieName(slug);
        if (_lines.Count == 0)
        {
            context.Response.Cookies.Delete(name, new CookieOptions { Path = "/shop" });
            return;
        }
        context.Response.Cookies.Append(name, string.Join('|', _lines.Select(l => $"{l.ProductId}:{l.VariantId}:{l.Quantity.ToString(CultureInfo.InvariantCulture)}")),
            new CookieOptions { Path = "/shop", HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(14), Secure = context.Request.IsHttps });
    }
}
