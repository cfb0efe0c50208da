namespace BizOSaaS.Directory.Contracts;

public static class ReviewStatuses
{
    /// <summary>Shown and counted in the listing's rating.</summary>
    public const string Visible = "visible";

    /// <summary>Reported: hidden and not counted until the listing's tenant keeps or removes it.</summary>
    public const string Reported = "reported";

    /// <summary>Removed by the listing's tenant.</summary>
    public const string Removed = "removed";
}

/// <summary>A review of a published listing: one per reviewer (their e-mail, never shown) per listing.</summary>
public sealed record ReviewRequest(
    [Between(1, 5, Required = true)] int? Rating,
    [Text(2000, Required = true)] string? Text,
    [Text(100, Required = true)] string? Name,
    [Email] string? Email);

/// <summary>A change to one's own review, proven by the key its posting answered with.</summary>
public sealed record ReviewEditRequest(
    [Between(1, 5, Required = true)] int? Rating,
    [Text(2000, Required = true)] string? Text,
    [Text(100, Required = true)] string? EditKey);

public sealed record ReviewReportRequest([Text(500, Required = true)] string? Reason);

/// <summary>The listing's tenant on a reported (or any) review: keep it (shown again, later reports no longer hide it) or remove it.</summary>
public sealed record ReviewModerationRequest([OneOf("keep", "remove", Required = true)] string? Decision);

public sealed record ReviewResponse(Guid Id, Guid ListingId, int Rating, string Text, string Name, string Status, int Reports, DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt);

/// <param name="EditKey">The only way to edit the review later: keep it.</param>
public sealed record PostedReview(ReviewResponse Review, string EditKey);
