using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Directory.Listings;

/// <summary>
/// A business a tenant lists in the public directory. Its tenant sees and edits it under row-level security; the public sees
/// it only while <see cref="Status"/> is published, through the search functions (ADR 31), which read the copy the database
/// keeps of published listings in <c>listing_search</c>.
/// </summary>
public sealed class Listing : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Slugs of the shared taxonomy (<see cref="Taxonomy.DirectoryTaxonomy"/>), 1 to 5.</summary>
    public List<string> Categories { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public string? Address { get; set; }
    public required string City { get; set; }
    public string? Region { get; set; }
    public string? PostalCode { get; set; }
    public required string Country { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }

    /// <summary>The IANA time zone its hours are in.</summary>
    public required string TimeZone { get; set; }
    public List<OpeningHours> Hours { get; set; } = [];
    public List<HoursException> Exceptions { get; set; } = [];
    public List<string> PhotoUrls { get; set; } = [];
    public bool Claimed { get; set; }

    /// <summary>Checked by platform staff; a tenant cannot set it.</summary>
    public bool Verified { get; set; }
    public string Status { get; set; } = ListingStatuses.Draft;

    /// <summary>Sum and number of the visible reviews' ratings, kept by a trigger on reviews in the review's own transaction.</summary>
    public int RatingSum { get; set; }
    public int ReviewCount { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public decimal? Rating => ReviewCount == 0 ? null : Math.Round((decimal)RatingSum / ReviewCount, 2, MidpointRounding.AwayFromZero);
}
