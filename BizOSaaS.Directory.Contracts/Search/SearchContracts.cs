using System.ComponentModel;

namespace BizOSaaS.Directory.Contracts;

public static class SearchSorts
{
    /// <summary>One score of text relevance, rating and (with a place) distance.</summary>
    public const string Relevance = "relevance";

    /// <summary>Nearest first (needs a place).</summary>
    public const string Distance = "distance";

    /// <summary>Best rated first.</summary>
    public const string Rating = "rating";
}

/// <summary>A piece of a snippet; the highlighted pieces are the words that matched.</summary>
public sealed record SnippetPart(string Text, bool Highlighted);

public sealed record DirectoryHit(
    Guid Id,
    string Name,
    IReadOnlyList<string> Categories,
    string? Address,
    string City,
    string Country,
    decimal? Rating,
    int ReviewCount,
    bool Verified,
    bool? OpenNow,
    double? DistanceKm,
    IReadOnlyList<SnippetPart> Snippet,
    string? PhotoUrl,
    double Score);

/// <param name="Value">What to filter by (a category slug, a rating band's least rating, a city).</param>
public sealed record FacetCount(string Value, string Label, long Count);

/// <summary>Counts of the matches by category, rating band and city; each honours every filter but its own.</summary>
public sealed record DirectoryFacets(IReadOnlyList<FacetCount> Categories, IReadOnlyList<FacetCount> Ratings, IReadOnlyList<FacetCount> Cities);

/// <param name="CorrectedQuery">The query as searched when words were corrected for spelling ("pizzza" → "pizza").</param>
/// <remarks>Immutable, so the directory's cache hands out one instance from memory instead of a copy per hit.</remarks>
[ImmutableObject(true)]
public sealed record DirectorySearchResult(long Total, int Page, int PageSize, string? CorrectedQuery, IReadOnlyList<DirectoryHit> Hits, DirectoryFacets Facets);

/// <param name="Kind">listing or category.</param>
public sealed record DirectorySuggestion(string Kind, string Text, Guid? ListingId, string? Category);

/// <summary>A published listing as the public sees it.</summary>
public sealed record PublicListing(
    Guid Id,
    string Name,
    string? Description,
    IReadOnlyList<DirectoryCategory> Categories,
    IReadOnlyList<string> Tags,
    string? Address,
    string City,
    string? Region,
    string? PostalCode,
    string Country,
    double Latitude,
    double Longitude,
    string? Phone,
    string? Website,
    string TimeZone,
    IReadOnlyList<OpeningHours> Hours,
    IReadOnlyList<HoursException> Exceptions,
    bool? OpenNow,
    IReadOnlyList<string> PhotoUrls,
    bool Claimed,
    bool Verified,
    decimal? Rating,
    int ReviewCount,
    bool IsDemo);
