using BizOSaaS.Ui.PlatformApi;

namespace BizOSaaS.Portal.Directory;

/// <summary>The tenant's own directory listings and their reviews as the signed-in person, through the hub's gateway
/// (<c>/api/brain/directory/...</c>).</summary>
public sealed class DirectoryClient(PlatformApiClient hub)
{
    public const string Base = "/api/brain/directory";

    /// <summary>The tenant's listings, newest first (the API's most: 500).</summary>
    public Task<ApiResult<List<ListingResponse>>> ListingsAsync(string? status, CancellationToken cancellationToken) =>
        hub.GetAsync<List<ListingResponse>>($"{Base}/listings?limit=500" + (status is null ? "" : $"&status={Uri.EscapeDataString(status)}"), cancellationToken);

    public Task<ApiResult<ListingResponse>> ListingAsync(Guid id, CancellationToken cancellationToken) =>
        hub.GetAsync<ListingResponse>($"{Base}/listings/{id}", cancellationToken);

    /// <summary>A new listing, as a draft.</summary>
    public Task<ApiResult<ListingResponse>> CreateListingAsync(ListingRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<ListingResponse>(HttpMethod.Post, $"{Base}/listings", request, cancellationToken);

    /// <summary>Replaces every field of the listing (its status stays).</summary>
    public Task<ApiResult<ListingResponse>> UpdateListingAsync(Guid id, ListingRequest request, CancellationToken cancellationToken) =>
        hub.SendAsync<ListingResponse>(HttpMethod.Put, $"{Base}/listings/{id}", request, cancellationToken);

    public Task<ApiResult<ListingResponse>> PublishAsync(Guid id, CancellationToken cancellationToken) =>
        hub.SendAsync<ListingResponse>(HttpMethod.Post, $"{Base}/listings/{id}/publish", null, cancellationToken);

    public Task<ApiResult<ListingResponse>> UnpublishAsync(Guid id, CancellationToken cancellationToken) =>
        hub.SendAsync<ListingResponse>(HttpMethod.Post, $"{Base}/listings/{id}/unpublish", null, cancellationToken);

    public Task<ApiResult<Unit>> DeleteListingAsync(Guid id, CancellationToken cancellationToken) =>
        hub.SendAsync<Unit>(HttpMethod.Delete, $"{Base}/listings/{id}", null, cancellationToken);

    /// <summary>Every review of the listing, whatever its status, newest first.</summary>
    public Task<ApiResult<List<ReviewResponse>>> ReviewsAsync(Guid listingId, CancellationToken cancellationToken) =>
        hub.GetAsync<List<ReviewResponse>>($"{Base}/listings/{listingId}/reviews", cancellationToken);

    /// <summary>Keeps (shown again, later reports no longer hide it) or removes a review.</summary>
    public Task<ApiResult<ReviewResponse>> ModerateAsync(Guid listingId, Guid reviewId, string decision, CancellationToken cancellationToken) =>
        hub.SendAsync<ReviewResponse>(HttpMethod.Post, $"{Base}/listings/{listingId}/reviews/{reviewId}/moderation", new ReviewModerationRequest(decision), cancellationToken);
}
