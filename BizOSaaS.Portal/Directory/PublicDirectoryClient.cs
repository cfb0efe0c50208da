using BizOSaaS.Ui.PlatformApi;
using Microsoft.Extensions.Caching.Memory;

namespace BizOSaaS.Portal.Directory;

/// <summary>
/// The public directory for anonymous visitors: the directory's public endpoints through the gateway
/// (<c>/api/brain/directory/public/...</c>) without a token. The visitor's address goes along in <c>X-Forwarded-For</c>,
/// so the directory's public rate limit counts each visitor on their own instead of every visitor as the Portal.
/// </summary>
public sealed class PublicDirectoryClient(PlatformApiClient hub, IMemoryCache cache, IHttpContextAccessor visitor)
{
    public const string Base = "/api/brain/directory/public";

    /// <summary>Results on a search page.</summary>
    public const int PageSize = 20;

    /// <summary>Reviews on a page of the public reviews endpoint.</summary>
    public const int ReviewsPageSize = 20;

    private const string ForwardedForHeader = "X-Forwarded-For";
    private const string CategoriesKey = "directory:categories";

    /// <summary>The directory's shared categories; they change with a release, so the Portal keeps them ten minutes.</summary>
    public async Task<ApiResult<List<DirectoryCategory>>> CategoriesAsync(CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CategoriesKey, out List<DirectoryCategory>? known) && known is not null)
        {
            return new ApiResult<List<DirectoryCategory>>(known, null);
        }
        var found = await SendAsync<List<DirectoryCategory>>(HttpMethod.Get, $"{Base}/categories", null, cancellationToken);
        if (found.Value is { } categories)
        {
            cache.Set(CategoriesKey, categories, TimeSpan.FromMinutes(10));
        }
        return found;
    }

    public Task<ApiResult<DirectorySearchResult>> SearchAsync(DirectorySearchFilters filters, CancellationToken cancellationToken) =>
        SendAsync<DirectorySearchResult>(HttpMethod.Get,
            $"{Base}/search?pageSize={PageSize}" + (filters.ToQueryString() is { Length: > 0 } query ? $"&{query}" : ""), null, cancellationToken);

    /// <summary>Categories and listing names that start with the words typed.</summary>
    public Task<ApiResult<List<DirectorySuggestion>>> SuggestAsync(string q, int limit, CancellationToken cancellationToken) =>
        SendAsync<List<DirectorySuggestion>>(HttpMethod.Get, $"{Base}/suggest?q={Uri.EscapeDataString(q)}&limit={limit}", null, cancellationToken);

    /// <summary>A published listing (404 for any other).</summary>
    public Task<ApiResult<PublicListing>> ListingAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync<PublicListing>(HttpMethod.Get, $"{Base}/listings/{id}", null, cancellationToken);

    /// <summary>The listing's visible reviews, newest first, <see cref="ReviewsPageSize"/> a page.</summary>
    public Task<ApiResult<List<ReviewResponse>>> ReviewsAsync(Guid listingId, int page, CancellationToken cancellationToken) =>
        SendAsync<List<ReviewResponse>>(HttpMethod.Get, $"{Base}/listings/{listingId}/reviews?page={page}", null, cancellationToken);

    /// <summary>Posts a review; the answer carries the only key its author may edit it with.</summary>
    public Task<ApiResult<PostedReview>> PostReviewAsync(Guid listingId, ReviewRequest request, CancellationToken cancellationToken) =>
        SendAsync<PostedReview>(HttpMethod.Post, $"{Base}/listings/{listingId}/reviews", request, cancellationToken);

    public Task<ApiResult<ReviewResponse>> EditReviewAsync(Guid listingId, Guid reviewId, ReviewEditRequest request, CancellationToken cancellationToken) =>
        SendAsync<ReviewResponse>(HttpMethod.Put, $"{Base}/listings/{listingId}/reviews/{reviewId}", request, cancellationToken);

    /// <summary>Reports a review: the directory hides it until the listing's tenant keeps or removes it.</summary>
    public Task<ApiResult<Unit>> ReportReviewAsync(Guid listingId, Guid reviewId, ReviewReportRequest request, CancellationToken cancellationToken) =>
        SendAsync<Unit>(HttpMethod.Post, $"{Base}/listings/{listingId}/reviews/{reviewId}/reports", request, cancellationToken);

    private Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        // With no request to read it from, the call counts as the Portal's own.
        var address = visitor.HttpContext?.Connection.RemoteIpAddress?.ToString();
        return hub.SendAsAsync<T>(null, method, path, body, cancellationToken,
            address is null ? null : [new(ForwardedForHeader, address)]);
    }
}
