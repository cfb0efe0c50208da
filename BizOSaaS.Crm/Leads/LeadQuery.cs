using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Leads;

/// <summary>The lead list's query string: search, filters, sort, and a keyset cursor.</summary>
public sealed record LeadFilter
{
    /// <summary>Part of the name, email or company (case-insensitive).</summary>
    [Text(200)]
    public string? Q { get; init; }

    /// <summary>Comma-separated statuses, e.g. <c>new,contacted</c>.</summary>
    [OneOf(LeadStatuses.New, LeadStatuses.Contacted, LeadStatuses.Qualified, LeadStatuses.Unqualified, LeadStatuses.Converted, CommaSeparated = true)]
    public string? Status { get; init; }

    [OneOf(LeadRatings.Hot, LeadRatings.Warm, LeadRatings.Cold)]
    public string? Rating { get; init; }
    public string? Source { get; init; }
    public Guid? OwnerId { get; init; }
    public string? Tag { get; init; }

    [Between(0, 100)]
    public int? MinScore { get; init; }

    [Between(0, 100)]
    public int? MaxScore { get; init; }

    /// <summary><c>created</c> (default), <c>score</c> or <c>name</c>.</summary>
    [OneOf("created", "score", "name")]
    public string? Sort { get; init; }

    /// <summary><c>desc</c> (default for created and score) or <c>asc</c> (default for name).</summary>
    [OneOf("asc", "desc")]
    public string? Order { get; init; }

    /// <summary>The page size, 1 to 500 (the export ignores it).</summary>
    [Between(1, LeadQuery.MaxLimit)]
    public int? Limit { get; init; }
    public string? Cursor { get; init; }

    /// <summary>Also count every lead that matches (one more query).</summary>
    public bool? WithTotal { get; init; }
}

/// <summary>
/// Turns a <see cref="LeadFilter"/> into one index-friendly query: each filter narrows the tenant's rows, and
/// paging is by keyset — the sort key and id of the last row seen — so a deep page costs what the first does.
/// </summary>
public sealed class LeadQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    private LeadQuery(LeadFilter filter, string sort, bool descending, int limit, string[] statuses, string? rating, string? source, string? tag, Cursor? after)
    {
        Filter = filter;
        Sort = sort;
        Descending = descending;
        Limit = limit;
        Statuses = statuses;
        Rating = rating;
        Source = source;
        Tag = tag;
        After = after;
    }

    public LeadFilter Filter { get; }
    public string Sort { get; }
    public bool Descending { get; }
    public int Limit { get; }
    private string[] Statuses { get; }
    private string? Rating { get; }
    private string? Source { get; }
    private string? Tag { get; }
    private Cursor? After { get; }

    /// <summary>The filter (its fields checked by the endpoint's validation) as a query, or the field error of its cursor.</summary>
    public static LeadQuery? Parse(LeadFilter filter, FieldErrors errors)
    {
        var sort = filter.Sort.Trimmed()?.ToLowerInvariant() ?? "created";
        var order = filter.Order.Trimmed()?.ToLowerInvariant();
        var descending = order switch { "asc" => false, "desc" => true, _ => sort != "name" };
        var limit = filter.Limit ?? DefaultLimit;
        var statuses = (filter.Status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToArray();
        var rating = filter.Rating.Trimmed()?.ToLowerInvariant();
        Cursor? after = null;
        if (!string.IsNullOrEmpty(filter.Cursor) && !Cursor.TryDecode(filter.Cursor, sort, descending, out after))
        {
            errors.Add("cursor", "cursor is not one this list gave out (it belongs to another sort or is damaged).");
        }
        if (errors.Any)
        {
            return null;
        }
        var source = string.IsNullOrWhiteSpace(filter.Source) ? null : filter.Source.Trim().ToLowerInvariant();
        var tag = string.IsNullOrWhiteSpace(filter.Tag) ? null : filter.Tag.Trim().ToLowerInvariant();
        return new LeadQuery(filter, sort, descending, limit, statuses, rating, source, tag, after);
    }

    /// <summary>A stable key for caching this exact page.</summary>
    public string CacheKey => string.Join('|', "leads:list", Filter.Q?.Trim().ToLowerInvariant(), string.Join(',', Statuses.Order()), Rating, Source,
        Filter.OwnerId, Tag, Filter.MinScore, Filter.MaxScore, Sort, Descending ? "d" : "a", Limit, Filter.Cursor, Filter.WithTotal);

    /// <summary>Every matching lead, unpaged and unsorted.</summary>
    public IQueryable<Lead> Matching(IQueryable<Lead> leads)
    {
        if (!string.IsNullOrWhiteSpace(Filter.Q))
        {
            var pattern = "%" + EscapeLike(Filter.Q.Trim().ToLowerInvariant()) + "%";
            leads = leads.Where(l => EF.Functions.Like(l.SearchText, pattern, "\\"));
        }
        if (Statuses.Length > 0)
        {
            leads = leads.Where(l => Statuses.Contains(l.Status));
        }
        if (Rating is not null)
        {
            leads = leads.Where(l => l.Rating == Rating);
        }
        if (Source is not null)
        {
            leads = leads.Where(l => l.Source == Source);
        }
        if (Filter.OwnerId is { } owner)
        {
            leads = leads.Where(l => l.OwnerId == owner);
        }
        if (Tag is not null)
        {
            leads = leads.Where(l => l.Tags.Contains(Tag));
        }
        if (Filter.MinScore is { } min)
        {
            leads = leads.Where(l => l.Score >= min);
        }
        if (Filter.MaxScore is { } max)
        {
            leads = leads.Where(l => l.Score <= max);
        }
        return leads;
    }

    /// <summary>Matching leads in the requested order, after the cursor.</summary>
    public IQueryable<Lead> Ordered(IQueryable<Lead> leads)
    {
        leads = Matching(leads);
        if (After is { } a)
        {
            leads = (Sort, Descending) switch
            {
                ("score", true) => leads.Where(l => EF.Functions.LessThan(ValueTuple.Create(l.Score, l.CreatedAt, l.Id), ValueTuple.Create(a.Score, a.CreatedAt, a.Id))),
                ("score", false) => leads.Where(l => EF.Functions.GreaterThan(ValueTuple.Create(l.Score, l.CreatedAt, l.Id), ValueTuple.Create(a.Score, a.CreatedAt, a.Id))),
                ("name", true) => leads.Where(l => EF.Functions.LessThan(ValueTuple.Create(l.Name, l.Id), ValueTuple.Create(a.Name, a.Id))),
                ("name", false) => leads.Where(l => EF.Functions.GreaterThan(ValueTuple.Create(l.Name, l.Id), ValueTuple.Create(a.Name, a.Id))),
                (_, true) => leads.Where(l => EF.Functions.LessThan(ValueTuple.Create(l.CreatedAt, l.Id), ValueTuple.Create(a.CreatedAt, a.Id))),
                (_, false) => leads.Where(l => EF.Functions.GreaterThan(ValueTuple.Create(l.CreatedAt, l.Id), ValueTuple.Create(a.CreatedAt, a.Id))),
            };
        }
        return (Sort, Descending) switch
        {
            ("score", true) => leads.OrderByDescending(l => l.Score).ThenByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id),
            ("score", false) => leads.OrderBy(l => l.Score).ThenBy(l => l.CreatedAt).ThenBy(l => l.Id),
            ("name", true) => leads.OrderByDescending(l => l.Name).ThenByDescending(l => l.Id),
            ("name", false) => leads.OrderBy(l => l.Name).ThenBy(l => l.Id),
            (_, true) => leads.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id),
            (_, false) => leads.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id),
        };
    }

    public string CursorAfter(Lead last) => new Cursor(Sort, Descending, last.Score, last.Name, last.CreatedAt, last.Id).Encode();

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>The last row of a page: its sort key and id, as an opaque URL-safe string.</summary>
    private sealed record Cursor(string Sort, bool Descending, int Score, string Name, DateTimeOffset CreatedAt, Guid Id)
    {
        public string Encode()
        {
            var text = string.Join('\n', Sort, Descending ? "d" : "a", Score.ToString(CultureInfo.InvariantCulture), Name,
                CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), Id.ToString("N"));
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public static bool TryDecode(string encoded, string sort, bool descending, out Cursor? cursor)
        {
            cursor = null;
            try
            {
                var base64 = encoded.Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\n');
                if (parts.Length != 6 || parts[0] != sort || parts[1] != (descending ? "d" : "a")
                    || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var score)
                    || !long.TryParse(parts[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)
                    || !Guid.TryParseExact(parts[5], "N", out var id))
                {
                    return false;
                }
                cursor = new Cursor(sort, descending, score, parts[3], new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
