using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace BizOSaaS.Commerce.Sourcing;

/// <summary>
/// Reads a supplier feed in CSV: a header row naming the columns (any case; <c>suggested_price</c>, <c>suggestedPrice</c>
/// and <c>Suggested Price</c> are the same column), then one row per product, numbers with a dot. A value that is not a
/// number (or one with a thousands separator: 1,200 is refused, not read as 1.2 or 1200) is reported with its line (<c>line 7.cost</c>). The same rows come as JSON through the API's feed endpoint.
/// </summary>
public static class SupplierFeedReader
{
    public const int MaxRows = 5_000;

    private static readonly string TooManyRows = $"A feed holds at most {MaxRows} rows; split the file.";

    private static readonly string[] Columns =
        ["sku", "name", "cost", "suggestedprice", "shippingcost", "monthlydemand", "competitors", "description", "category", "currency", "imageurl"];

    /// <param name="Rows">Each row with the name its errors are reported under (<c>line 7</c> in a CSV, <c>[6]</c> in JSON).</param>
    public sealed record Feed(List<(string Row, FeedRow Item)> Rows, FieldErrors Errors);

    /// <summary>Rows already read from JSON, each named by its index (<c>[6]</c>).</summary>
    public static Feed FromJson(IReadOnlyList<FeedRow> rows) => new(rows.Select((item, i) => ($"[{i}]", item)).ToList(), new FieldErrors());

    /// <summary>A feed sent as a JSON array of rows (a fetched file), or null with the reason it cannot be read.</summary>
    public static async Task<(Feed? Feed, string? Problem)> ReadJsonAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            var rows = await JsonSerializer.DeserializeAsync<List<FeedRow>>(body, JsonSerializerOptions.Web, cancellationToken);
            return rows is null ? (null, "The feed is null; send a JSON array of rows.")
                : rows.Count > MaxRows ? (null, TooManyRows)
                : (FromJson(rows), null);
        }
        catch (JsonException e)
        {
            return (null, $"The feed is not a JSON array of rows ({e.Path}, line {e.LineNumber + 1}): {e.Message.Split(" Path:")[0]}");
        }
    }

    /// <summary>The feed's rows, or null with the reason when the file as a whole cannot be read.</summary>
    public static async Task<(Feed? Feed, string? Problem)> ReadCsvAsync(Stream body, CancellationToken cancellationToken)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            IncludeValuesInExceptions = false,
        };
        await using var csv = CsvReader.Create(body, options, leaveOpen: true);
        await csv.ReadHeaderAsync(cancellationToken);
        var header = csv.Headers.Select(Normalize).ToArray();
        if (!header.Contains("sku") || !header.Contains("name"))
        {
            return (null, $"The feed needs a header row with at least sku, name, cost and suggested_price; its columns are: {string.Join(", ", csv.Headers)}.");
        }
        var index = Columns.ToDictionary(c => c, c => Array.IndexOf(header, c));
        var feed = new Feed([], new FieldErrors());
        var count = 0;
        while (await csv.ReadAsync(cancellationToken))
        {
            var row = $"line {csv.LineNumber}";
            if (++count > MaxRows)
            {
                return (null, TooManyRows);
            }
            string? Value(string column) => index[column] is >= 0 and var i && i < csv.FieldCount && csv.GetString(i) is { Length: > 0 } v ? v.Trim() : null;
            var errors = new FieldErrors();
            decimal? Money(string column, string field) => Parse<decimal>(Value(column), field, row, errors,
                text => decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null);
            int? Whole(string column, string field) => Parse<int>(Value(column), field, row, errors,
                text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null);
            var item = new FeedRow(Value("sku"), Value("name"), Money("cost", "cost"), Money("suggestedprice", "suggestedPrice"),
                Money("shippingcost", "shippingCost"), Whole("monthlydemand", "monthlyDemand"), Whole("competitors", "competitors"),
                Value("description"), Value("category"), Value("currency"), Value("imageurl"));
            feed.Errors.Add(errors);
            feed.Rows.Add((row, item));
        }
        return (feed, null);
    }

    private static T? Parse<T>(string? text, string field, string row, FieldErrors errors, Func<string, T?> parse) where T : struct
    {
        if (text is null)
        {
            return null;
        }
        if (parse(text) is { } value)
        {
            return value;
        }
        errors.Add($"{row}.{field}", $"{field} must be a number written with a dot (\"{(text.Length > 40 ? text[..40] : text)}\").");
        return null;
    }

    private static string Normalize(string column) =>
        new(column.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
