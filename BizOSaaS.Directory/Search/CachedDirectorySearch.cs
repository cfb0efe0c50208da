using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BizOSaaS.Platform.Caching;

namespace BizOSaaS.Directory.Search;

/// <summary>
/// Public searches and suggestions answered from the platform's cache (ADR 9, ADR 31): the published listings are public
/// data of no one tenant, cached under <see cref="Scope"/> and tagged <see cref="Tags"/>. Every write to the directory
/// bumps that tag after it commits and before it answers (<see cref="PublicSearchInvalidation"/>), so no replica serves a
/// search from before an acknowledged write. Hours are minute-grained, so a search is run for the minute it asks about and
/// that minute is part of its key: "open now" is never older than the minute. Only searches about the present are cached:
/// one that asks about another moment (<c>at=</c>) goes to the database, so nobody can fill the cache by asking about every
/// minute there is.
/// </summary>
public sealed class CachedDirectorySearch(PostgresDirectorySearch search, TenantCache cache, TimeProvider clock) : IDirectorySearch
{
    /// <summary>The public directory's place in cache keys where a tenant's id would be: no tenant has it.</summary>
    public static readonly Guid Scope = new("0d1ec700-0000-4000-8000-000000000000");

    /// <summary>What every cached search and suggestion depends on: the published listings.</summary>
    public static readonly string[] Tags = ["published-listings"];

    public async Task<DirectorySearchResult> SearchAsync(DirectorySearchQuery query, CancellationToken cancellationToken)
    {
        if ((query.At - clock.GetUtcNow()).Duration() > TimeSpan.FromMinutes(1))
        {
            return await search.SearchAsync(query, cancellationToken);
        }
        var asked = query with { At = new DateTimeOffset(query.At.UtcTicks - query.At.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero) };
        return await cache.GetOrCreatePublicAsync(Scope, CacheCategory.ApiCalls, Key("search", JsonSerializer.Serialize(asked)),
            async token => await search.SearchAsync(asked, token), Tags, cancellationToken);
    }

    public async Task<List<DirectorySuggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken) =>
        await cache.GetOrCreatePublicAsync(Scope, CacheCategory.ApiCalls, Key("suggest", $"{limit}:{prefix}"),
            async token => await search.SuggestAsync(prefix, limit, token), Tags, cancellationToken);

    /// <summary>Not cached: a listing page and every review start here and must see a listing the moment it is unpublished.</summary>
    public Task<PublishedListingState?> PublishedAsync(Guid listingId, DateTimeOffset at, CancellationToken cancellationToken) =>
        search.PublishedAsync(listingId, at, cancellationToken);

    /// <summary>A fixed-length key, whatever was typed.</summary>
    private static string Key(string kind, string asked) => $"directory-{kind}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(asked)))}";
}
