using System.Text.Json;
using System.Text.RegularExpressions;
using BizOSaaS.Directory.Data;
using BizOSaaS.Directory.Listings;
using BizOSaaS.Directory.Taxonomy;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace BizOSaaS.Directory.Search;

/// <summary>A public search of the directory, its filters already checked.</summary>
/// <param name="Categories">Category slugs with their children (restaurants includes pizza).</param>
public sealed record DirectorySearchQuery(
    string? Text, IReadOnlyList<string>? Categories, string? City, decimal? MinRating, bool VerifiedOnly, bool OpenNow, DateTimeOffset At,
    double? Latitude, double? Longitude, double? RadiusKm, string Sort, int Page, int PageSize);

/// <summary>A published listing's tenant, and whether it is open at the moment asked about (null: its hours are not known).</summary>
public sealed record PublishedListingState(Guid TenantId, bool? OpenNow);

/// <summary>
/// The directory's search seam: what the public API asks of a search backend. <see cref="PostgresDirectorySearch"/> answers
/// on PostgreSQL (ADR 31); a deployment with an Elasticsearch cluster could answer with its own implementation without the API
/// changing.
/// </summary>
public interface IDirectorySearch
{
    Task<DirectorySearchResult> SearchAsync(DirectorySearchQuery query, CancellationToken cancellationToken);

    Task<List<DirectorySuggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken);

    /// <summary>Whose a published listing is and whether it is open at <paramref name="at"/>; null when no published listing has that id.</summary>
    Task<PublishedListingState?> PublishedAsync(Guid listingId, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>
/// Search on PostgreSQL full text (ADR 31): <c>directory_search</c> matches the published listings' weighted documents with
/// <c>websearch_to_tsquery</c>, filters, ranks (text, rating, distance), counts facets and cuts snippets in one round trip,
/// as the database owner, because the full-text, trigram and geometry operators are not leakproof and forced row-level
/// security would rule out their indexes. When nothing matches, each word the directory does not know is replaced by the
/// nearest word it does ("pizzza" → "pizza") and the search runs once more.
/// </summary>
public sealed partial class PostgresDirectorySearch(DirectoryDb db) : IDirectorySearch
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<DirectorySearchResult> SearchAsync(DirectorySearchQuery query, CancellationToken cancellationToken)
    {
        var (text, _) = PlaceWords.Remove(query.Text);
        var found = await RunAsync(text, query, cancellationToken);
        string? corrected = null;
        if (found.Total == 0 && text is not null && !Exclusion().IsMatch(text) && await CorrectAsync(text, cancellationToken) is { } better && better != text)
        {
            found = await RunAsync(better, query, cancellationToken);
            corrected = better;
        }
        var facets = new DirectoryFacets(
            found.Categories.Select(c => new FacetCount(c.Value, DirectoryTaxonomy.Find(c.Value)?.Name ?? c.Value, c.Count)).ToList(),
            found.Ratings.Select((count, index) => new FacetCount($"{4 - index}", $"{4 - index}+ stars", count)).ToList(),
            found.Cities.Select(c => new FacetCount(c.Value, c.Value, c.Count)).ToList());
        return new DirectorySearchResult(found.Total, query.Page, query.PageSize, corrected, found.Hits.Select(ToHit).ToList(), facets);
    }

    public async Task<List<DirectorySuggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<DirectorySuggestion>($"SELECT kind, text, listing_id, category FROM directory_suggest({prefix}, {limit})")
            .ToListAsync(cancellationToken);

    public async Task<PublishedListingState?> PublishedAsync(Guid listingId, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<PublishedListingState>($"SELECT tenant_id, open_now FROM directory_published({listingId}, {at.ToUniversalTime()})")
            .ToListAsync(cancellationToken)).FirstOrDefault();

    private async Task<Found> RunAsync(string? text, DirectorySearchQuery query, CancellationToken cancellationToken)
    {
        NpgsqlParameter[] parameters =
        [
            new("query", NpgsqlDbType.Text) { Value = (object?)text ?? DBNull.Value },
            new("categories", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = (object?)query.Categories?.ToArray() ?? DBNull.Value },
            new("city", NpgsqlDbType.Text) { Value = (object?)query.City ?? DBNull.Value },
            new("min_rating", NpgsqlDbType.Numeric) { Value = (object?)query.MinRating ?? DBNull.Value },
            new("verified", NpgsqlDbType.Boolean) { Value = query.VerifiedOnly },
            new("open_now", NpgsqlDbType.Boolean) { Value = query.OpenNow },
            new("at", NpgsqlDbType.TimestampTz) { Value = query.At.ToUniversalTime() },
            new("lat", NpgsqlDbType.Double) { Value = (object?)query.Latitude ?? DBNull.Value },
            new("lon", NpgsqlDbType.Double) { Value = (object?)query.Longitude ?? DBNull.Value },
            new("radius", NpgsqlDbType.Double) { Value = (object?)query.RadiusKm ?? DBNull.Value },
            new("sort", NpgsqlDbType.Text) { Value = query.Sort },
            new("skip", NpgsqlDbType.Integer) { Value = (query.Page - 1) * query.PageSize },
            new("take", NpgsqlDbType.Integer) { Value = query.PageSize },
        ];
        var json = (await db.Database.SqlQueryRaw<string>(
            "SELECT directory_search(@query, @categories, @city, @min_rating, @verified, @open_now, @at, @lat, @lon, @radius, @sort, @skip, @take)::text AS \"Value\"",
            parameters).ToListAsync(cancellationToken)).Single();
        return JsonSerializer.Deserialize<Found>(json, Json)!;
    }

    /// <summary>The text with each word the directory does not know replaced by the nearest one it does; null when none could be.</summary>
    private async Task<string?> CorrectAsync(string text, CancellationToken cancellationToken)
    {
        var words = Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).Where(w => w != "or").Distinct().ToArray();
        if (words.Length == 0)
        {
            return null;
        }
        var corrections = await db.Database.SqlQuery<SpellingCorrection>($"SELECT word, correction FROM directory_spelling({words})").ToListAsync(cancellationToken);
        var known = corrections.Where(c => c.Correction is not null).ToDictionary(c => c.Word, c => c.Correction!);
        return known.Count == 0 ? null : Word().Replace(text, m => known.GetValueOrDefault(m.Value.ToLowerInvariant(), m.Value));
    }

    private static DirectoryHit ToHit(FoundHit h) => new(h.Id, h.Name, h.Categories, h.Address, h.City, h.Country, h.Rating, h.ReviewCount, h.Verified,
        h.OpenNow, h.DistanceKm is { } km ? Math.Round(km, 2) : null, Snippet(h.Snippet), h.PhotoUrl, Math.Round(h.Score, 6));

    /// <summary>The snippet cut where the search marked its matches.</summary>
    private static List<SnippetPart> Snippet(string? snippet)
    {
        var parts = new List<SnippetPart>();
        var rest = snippet ?? "";
        while (rest.Length > 0)
        {
            var start = rest.IndexOf(DirectorySearchMarks.Start);
            if (start < 0)
            {
                parts.Add(new SnippetPart(rest, false));
                break;
            }
            if (start > 0)
            {
                parts.Add(new SnippetPart(rest[..start], false));
            }
            var stop = rest.IndexOf(DirectorySearchMarks.Stop, start);
            stop = stop < 0 ? rest.Length : stop;
            parts.Add(new SnippetPart(rest[(start + 1)..stop], true));
            rest = stop + 1 < rest.Length ? rest[(stop + 1)..] : "";
        }
        return parts;
    }

    [GeneratedRegex(@"(^|\s)-[\p{L}\p{N}]")]
    private static partial Regex Exclusion();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    internal sealed record SpellingCorrection(string Word, string? Correction);

    internal sealed record FacetRow(string Value, long Count);

    internal sealed record FoundHit(Guid Id, string Name, List<string> Categories, string? Address, string City, string Country, decimal? Rating, int ReviewCount,
        bool Verified, bool? OpenNow, double? DistanceKm, string? Snippet, string? PhotoUrl, double Score);

    internal sealed record Found(long Total, List<FoundHit> Hits, List<FacetRow> Categories, List<long> Ratings, List<FacetRow> Cities);
}
