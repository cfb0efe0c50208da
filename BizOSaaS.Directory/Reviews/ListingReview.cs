using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Directory.Reviews;

/// <summary>
/// A review of a listing by one reviewer (their e-mail, unique per listing and never shown). It belongs to the listing's tenant,
/// who moderates it. Only visible reviews count in the listing's rating.
/// </summary>
public sealed class ListingReview : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ListingId { get; set; }
    public int Rating { get; set; }
    public required string Text { get; set; }
    public required string ReviewerName { get; set; }

    /// <summary>Lower case; one review per e-mail per listing.</summary>
    public required string ReviewerEmail { get; set; }

    /// <summary>SHA-256 of the key its author edits it with (the key itself is given once, when posted).</summary>
    public required byte[] EditKeyHash { get; set; }
    public string Status { get; set; } = ReviewStatuses.Visible;
    public int Reports { get; set; }

    /// <summary>The tenant kept it after a report: further reports are recorded but no longer hide it.</summary>
    public bool KeptByModerator { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
}

/// <summary>Why someone reported a review.</summary>
public sealed class ReviewReport : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ReviewId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
