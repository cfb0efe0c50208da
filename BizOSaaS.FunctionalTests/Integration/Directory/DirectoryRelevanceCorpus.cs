extern alias DirectoryContracts;

using System.Globalization;
using System.Text.Json;
using DirectoryContracts::BizOSaaS.Directory.Contracts;
using static BizOSaaS.FunctionalTests.Integration.DirectoryTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>One listing of RelevanceCorpus.json; its <paramref name="Ratings"/> are posted as public reviews.</summary>
public sealed record RelevanceListing(string Name, string Description, List<string> Categories, List<string> Tags, string Address, string City,
    string PostalCode, double Latitude, double Longitude, List<OpeningHours> Hours, List<int> Ratings);

public sealed record RelevanceCorpusFile(string About, string Country, string TimeZone, List<RelevanceListing> Listings);

/// <summary>One judged query of RelevanceQueries.json: its search parameters and the listings a person would want, best first.</summary>
public sealed record RelevanceQuery(string Id, string Kind, string Q, string? City, string? Category, double? Lat, double? Lon, double? RadiusKm,
    string? Sort, List<string> Expected)
{
    /// <summary>The query string of the public search, first page of 10.</summary>
    public string SearchParameters()
    {
        var parameters = new List<string> { "q=" + Uri.EscapeDataString(Q), "pageSize=10" };
        if (City is not null)
        {
            parameters.Add("city=" + Uri.EscapeDataString(City));
        }
        if (Category is not null)
        {
            parameters.Add("category=" + Uri.EscapeDataString(Category));
        }
        if (Lat is { } lat && Lon is { } lon)
        {
            parameters.Add(string.Create(CultureInfo.InvariantCulture, $"lat={lat}&lon={lon}"));
        }
        if (RadiusKm is { } radius)
        {
            parameters.Add(string.Create(CultureInfo.InvariantCulture, $"radiusKm={radius}"));
        }
        if (Sort is not null)
        {
            parameters.Add("sort=" + Sort);
        }
        return string.Join('&', parameters);
    }
}

public sealed record RelevanceQueryFile(string About, List<RelevanceQuery> Queries);

/// <summary>
/// The relevance corpus, published once for its test class by a ThrillRing member of its own (the corpus's few hundred
/// writes count against no other test's rate limit), with each listing's ratings posted as public reviews. Its cities
/// exist nowhere else and lie in the Atlantic, far from every other listing.
/// </summary>
public sealed class DirectoryRelevanceCorpus
{
    private readonly Lock _gate = new();
    private Task? _seeding;

    public RelevanceCorpusFile Corpus { get; } = Read<RelevanceCorpusFile>("RelevanceCorpus.json");

    public RelevanceQueryFile Judgements { get; } = Read<RelevanceQueryFile>("RelevanceQueries.json");

    /// <summary>Publishes the corpus on the first call; every later call waits for that one (and fails as it did).</summary>
    public Task SeedOnceAsync(PlatformFixture platform)
    {
        lock (_gate)
        {
            return _seeding ??= SeedAsync(platform);
        }
    }

    private async Task SeedAsync(PlatformFixture platform)
    {
        var directory = new DirectoryTestClient(platform);
        using var tenant = await directory.TenantAsync("admin@thrillring.dev", "relevance");
        var published = new List<(Guid Id, RelevanceListing Listing)>();
        // One after the other: listings that score alike then stay in the corpus's order (the search breaks ties by id).
        foreach (var listing in Corpus.Listings)
        {
            var request = new ListingRequest(listing.Name, listing.Description, listing.Categories, listing.Tags, listing.Address, listing.City, null,
                listing.PostalCode, Corpus.Country, listing.Latitude, listing.Longitude, null, null, Corpus.TimeZone, listing.Hours);
            published.Add(((await CreatePublishedAsync(tenant, request)).Id, listing));
        }
        using var visitor = directory.Visitor();
        var reviews = published.SelectMany((entry, index) => entry.Listing.Ratings.Select((rating, n) =>
            (entry.Id, Rating: rating, Email: $"relevance-{index}-{n}-{Guid.NewGuid():N}@example.com")));
        await Parallel.ForEachAsync(reviews, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            (review, _) => new ValueTask(ReviewAsync(visitor, review.Id, review.Rating, review.Email)));
    }

    /// <summary>The judgement files are read where they are kept, beside the tests (three folders above the test assembly).</summary>
    private static T Read<T>(string file) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Integration", "Directory", file)),
            JsonSerializerOptions.Web)!;
}
