using System.Globalization;
using BizOSaaS.Validation;

namespace BizOSaaS.Portal.Directory;

/// <summary>
/// A search of the public directory as the search page's address carries it, under the same names as the directory's
/// search API (<c>q</c>, <c>category</c>, <c>city</c>, <c>minRating</c>, <c>openNow</c>, <c>verified</c>, <c>lat</c>,
/// <c>lon</c>, <c>sort</c>, <c>page</c>), so one query string serves the page's links and the API call.
/// </summary>
public sealed record DirectorySearchFilters
{
    /// <summary>The last page the API answers.</summary>
    public const int MaxPage = 100;

    public string? Q { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public string? City { get; init; }
    public decimal? MinRating { get; init; }
    public bool OpenNow { get; init; }
    public bool Verified { get; init; }
    public double? Lat { get; init; }
    public double? Lon { get; init; }
    public string Sort { get; init; } = SearchSorts.Relevance;
    public int Page { get; init; } = 1;

    public bool HasPlace => Lat is not null && Lon is not null;

    public bool IsFiltered => Categories.Count > 0 || City is not null || MinRating is not null || OpenNow || Verified || HasPlace;

    /// <summary>The search the address asks for, read leniently: a value that is not what its name takes is left out, so a
    /// mistyped address still shows a page.</summary>
    public static DirectorySearchFilters From(string? q, string[]? categories, string? city, string? minRating, string? openNow, string? verified,
        string? lat, string? lon, string? sort, string? page)
    {
        double? latitude = Number(lat), longitude = Number(lon);
        if (latitude is null or < -90 or > 90 || longitude is null or < -180 or > 180)
        {
            latitude = null;
            longitude = null;
        }
        var order = sort switch
        {
            SearchSorts.Rating => SearchSorts.Rating,
            SearchSorts.Distance when latitude is not null => SearchSorts.Distance,
            _ => SearchSorts.Relevance,
        };
        return new DirectorySearchFilters
        {
            Q = q.Trimmed() is { } words ? words[..Math.Min(words.Length, 200)] : null,
            Categories = (categories ?? []).Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Length is > 0 and <= 60).Distinct().Take(5).ToList(),
            City = city.Trimmed() is { } town ? town[..Math.Min(town.Length, 100)] : null,
            MinRating = decimal.TryParse(minRating, NumberStyles.Number, CultureInfo.InvariantCulture, out var rating) && rating is >= 1 and <= 5 ? rating : null,
            OpenNow = Flag(openNow),
            Verified = Flag(verified),
            Lat = latitude,
            Lon = longitude,
            Sort = order,
            Page = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? Math.Clamp(number, 1, MaxPage) : 1,
        };
    }

    /// <summary>The same search with <paramref name="slug"/> added to its categories, or taken out when it is there; from page 1.</summary>
    public DirectorySearchFilters ToggleCategory(string slug) => this with
    {
        Categories = Categories.Contains(slug) ? Categories.Where(c => c != slug).ToList() : [.. Categories, slug],
        Page = 1,
    };

    public DirectorySearchFilters WithCity(string? city) => this with { City = city, Page = 1 };

    public DirectorySearchFilters WithMinRating(decimal? minRating) => this with { MinRating = minRating, Page = 1 };

    public DirectorySearchFilters WithoutPlace() => this with
    {
        Lat = null,
        Lon = null,
        Sort = Sort == SearchSorts.Distance ? SearchSorts.Relevance : Sort,
        Page = 1,
    };

    public DirectorySearchFilters WithPage(int page) => this with { Page = page };

    /// <summary>The search as a query string (without the <c>?</c>); what is left at its default is left out.</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string value) => parts.Add($"{name}={Uri.EscapeDataString(value)}");
        if (Q is { } q)
        {
            Add("q", q);
        }
        foreach (var category in Categories)
        {
            Add("category", category);
        }
        if (City is { } city)
        {
            Add("city", city);
        }
        if (MinRating is { } rating)
        {
            Add("minRating", rating.ToString(CultureInfo.InvariantCulture));
        }
        if (OpenNow)
        {
            Add("openNow", "true");
        }
        if (Verified)
        {
            Add("verified", "true");
        }
        if (Lat is { } lat && Lon is { } lon)
        {
            Add("lat", lat.ToString("0.#####", CultureInfo.InvariantCulture));
            Add("lon", lon.ToString("0.#####", CultureInfo.InvariantCulture));
        }
        if (Sort != SearchSorts.Relevance)
        {
            Add("sort", Sort);
        }
        if (Page > 1)
        {
            Add("page", Page.ToString(CultureInfo.InvariantCulture));
        }
        return string.Join('&', parts);
    }

    /// <summary>The search page's address for this search.</summary>
    public string Link() => ToQueryString() is { Length: > 0 } query ? $"/directory?{query}" : "/directory";

    private static bool Flag(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "on");

    private static double? Number(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
}
