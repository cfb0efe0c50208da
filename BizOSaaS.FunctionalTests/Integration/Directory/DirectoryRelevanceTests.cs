using System.Globalization;
using System.Text;
using Xunit.Abstractions;
using static BizOSaaS.FunctionalTests.Integration.DirectoryTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// How well the public search ranks: the judged queries of RelevanceQueries.json over the corpus of RelevanceCorpus.json
/// (plain words, names, synonyms through the categories' keywords, typos, phrases, or, exclusions, several words, category
/// filters, places). Each query's precision at 5 and reciprocal rank go to the test output and to
/// TestResults/directory-relevance.md; the test holds every query's best listing to the top 5 and the mean reciprocal rank
/// to at least 0.8.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DirectoryRelevanceTests(PlatformFixture platform, DirectoryRelevanceCorpus corpus, ITestOutputHelper output)
    : IClassFixture<DirectoryRelevanceCorpus>
{
    private const double MinimumMeanReciprocalRank = 0.8;

    [Fact]
    public async Task The_corpus_is_public_with_the_ratings_of_its_reviews()
    {
        await corpus.SeedOnceAsync(platform);
        using var visitor = platform.App.CreateHttpClient("hub");

        foreach (var city in corpus.Corpus.Listings.GroupBy(l => l.City))
        {
            var result = await SearchAsync(visitor, $"city={Uri.EscapeDataString(city.Key)}&pageSize=50");
            Assert.Equal(city.Count(), result.Total);
            var expected = city.ToDictionary(l => l.Name, l => (Average(l.Ratings), l.Ratings.Count));
            Assert.All(result.Hits, hit => Assert.Equal(expected[hit.Name], (hit.Rating, hit.ReviewCount)));
        }
    }

    [Fact]
    public async Task Every_query_has_its_best_listing_in_the_top_5_and_the_mean_reciprocal_rank_is_at_least_0_8()
    {
        await corpus.SeedOnceAsync(platform);
        var names = corpus.Corpus.Listings.Select(l => l.Name).ToHashSet();
        Assert.All(corpus.Judgements.Queries, query => Assert.Subset(names, query.Expected.ToHashSet()));
        using var visitor = platform.App.CreateHttpClient("hub");

        var rows = new List<Judged>();
        foreach (var query in corpus.Judgements.Queries)
        {
            var result = await SearchAsync(visitor, query.SearchParameters());
            rows.Add(new Judged(query, [.. result.Hits.Select(h => h.Name)], result.CorrectedQuery));
        }
        var meanReciprocalRank = rows.Average(r => r.ReciprocalRank);
        var report = Report(rows, meanReciprocalRank);
        foreach (var line in report.Split('\n'))
        {
            output.WriteLine(line);
        }
        var file = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "directory-relevance.md");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, report);

        var missed = rows.Where(r => r.FirstExpectedRank is null or > 5).Select(r => r.Query.Id).ToList();
        Assert.True(missed.Count == 0, $"The best listing is not in the top 5 for: {string.Join(", ", missed)} (see {file})");
        Assert.True(meanReciprocalRank >= MinimumMeanReciprocalRank, $"Mean reciprocal rank {meanReciprocalRank:F3} is below {MinimumMeanReciprocalRank}");
    }

    /// <summary>The rating the directory shows: the mean of the reviews to 2 decimals, halves away from zero as PostgreSQL rounds.</summary>
    private static decimal? Average(List<int> ratings) =>
        ratings.Count == 0 ? null : Math.Round((decimal)ratings.Sum() / ratings.Count, 2, MidpointRounding.AwayFromZero);

    private static string Report(List<Judged> rows, double meanReciprocalRank)
    {
        static string Number(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        static string Cell(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal);
        var report = new StringBuilder();
        report.AppendLine("# Directory search relevance");
        report.AppendLine();
        report.AppendLine($"{rows.Count} judged queries (RelevanceQueries.json) over the listings of RelevanceCorpus.json, each searched for its first page of 10.");
        report.AppendLine("P@5: the share of the expected listings in the top 5 (of at most 5). RR: 1 / the rank of the first expected listing found. "
            + "Best at: the rank of the listing judged best.");
        report.AppendLine();
        report.AppendLine("| Query | Kind | Search | P@5 | RR | Best at | Corrected | Top 5 |");
        report.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var best = row.FirstExpectedRank is { } rank ? rank.ToString(CultureInfo.InvariantCulture) : "-";
            var scores = $"{Number(row.PrecisionAt5)} | {Number(row.ReciprocalRank)} | {best}";
            var top = string.Join("; ", row.Found.Take(5));
            report.AppendLine($"| {row.Query.Id} | {row.Query.Kind} | {Cell(row.Query.SearchParameters())} | {scores} | {Cell(row.CorrectedQuery)} | {Cell(top)} |");
        }
        report.AppendLine();
        report.AppendLine("| Kind | Queries | Mean P@5 | MRR |");
        report.AppendLine("|---|---|---|---|");
        foreach (var kind in rows.GroupBy(r => r.Query.Kind))
        {
            report.AppendLine($"| {kind.Key} | {kind.Count()} | {Number(kind.Average(r => r.PrecisionAt5))} | {Number(kind.Average(r => r.ReciprocalRank))} |");
        }
        report.AppendLine($"| all | {rows.Count} | {Number(rows.Average(r => r.PrecisionAt5))} | {Number(meanReciprocalRank)} |");
        report.AppendLine();
        report.AppendLine($"Best listing in the top 5: {rows.Count(r => r.FirstExpectedRank <= 5)} of {rows.Count}. Mean reciprocal rank required: {Number(MinimumMeanReciprocalRank)}.");
        return report.ToString();
    }

    /// <summary>One query with the names the search answered, in its order.</summary>
    private sealed record Judged(RelevanceQuery Query, List<string> Found, string? CorrectedQuery)
    {
        public double PrecisionAt5 => (double)Query.Expected.Count(Found.Take(5).ToHashSet().Contains) / Math.Min(5, Query.Expected.Count);

        /// <summary>1 / the rank of the first expected listing found, 0 when none is on the page.</summary>
        public double ReciprocalRank => Found.FindIndex(Query.Expected.Contains) is >= 0 and var index ? 1.0 / (index + 1) : 0;

        /// <summary>The rank of the listing judged best, null when it is not on the page.</summary>
        public int? FirstExpectedRank => Found.IndexOf(Query.Expected[0]) is >= 0 and var index ? index + 1 : null;
    }
}
