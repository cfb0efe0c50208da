namespace BizOSaaS.Portal.Directory;

/// <summary>
/// The key to edit one's own review of a listing, kept in a cookie of that listing (HTTP only, same site): visitors have
/// no account, and the key the directory answered the review with is the only proof that the review is theirs.
/// </summary>
public sealed record DirectoryReviewCookie(Guid ReviewId, string EditKey)
{
    private const string CookiePath = "/directory";

    public static string CookieName(Guid listingId) => $"directory-review-{listingId:N}";

    /// <summary>The visitor's review of the listing and its key, when the request's cookie holds a readable one.</summary>
    public static DirectoryReviewCookie? From(HttpContext context, Guid listingId)
    {
        if (context.Request.Cookies[CookieName(listingId)] is not { Length: > 0 and <= 400 } value)
        {
            return null;
        }
        var colon = value.IndexOf(':');
        return colon > 0 && colon < value.Length - 1 && Guid.TryParse(value[..colon], out var reviewId)
            ? new DirectoryReviewCookie(reviewId, value[(colon + 1)..])
            : null;
    }

    public void Save(HttpContext context, Guid listingId) =>
        context.Response.Cookies.Append(CookieName(listingId), $"{ReviewId}:{EditKey}", new CookieOptions
        {
            Path = CookiePath,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
            Secure = context.Request.IsHttps,
        });

    public static void Delete(HttpContext context, Guid listingId) =>
        context.Response.Cookies.Delete(CookieName(listingId), new CookieOptions { Path = CookiePath });
}
