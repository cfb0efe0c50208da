using System.Globalization;
using BizOSaaS.Directory.Taxonomy;

namespace BizOSaaS.Directory.Listings;

/// <summary>The rules of a listing beyond its fields' own: categories of the taxonomy, a known time zone, photo addresses,
/// hours and exceptions that make sense. Then the request written onto the listing.</summary>
public static class ListingRules
{
    public const int MaxCategories = 5;
    public const int MaxHours = 28;
    public const int MaxExceptions = 60;
    public const int MaxPhotos = 10;

    public static FieldErrors Check(ListingRequest request)
    {
        var errors = new FieldErrors();
        var categories = request.Categories ?? [];
        if (categories.Count is 0 or > MaxCategories)
        {
            errors.Add("categories", $"Choose 1 to {MaxCategories} categories.");
        }
        foreach (var (slug, index) in categories.Select((c, i) => (c, i)))
        {
            if (DirectoryTaxonomy.Find(slug?.Trim() ?? "") is null)
            {
                errors.Add($"categories[{index}]", $"'{slug}' is not a directory category (GET /api/public/categories lists them).");
            }
        }
        if (request.TimeZone.Trimmed() is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add("timeZone", "Time zone must be an IANA time zone such as Europe/Berlin.");
        }
        if ((request.Hours?.Count ?? 0) > MaxHours)
        {
            errors.Add("hours", $"At most {MaxHours} openings a week.");
        }
        foreach (var (exception, index) in (request.Exceptions ?? []).Select((e, i) => (e, i)))
        {
            var field = $"exceptions[{index}]";
            if (exception.Date is null)
            {
                errors.Add($"{field}.date", "Date is required.");
            }
            var closed = exception.Closed ?? false;
            var opens = exception.Opens.Trimmed();
            var closes = exception.Closes.Trimmed();
            if (closed && (opens is not null || closes is not null))
            {
                errors.Add(field, "A closed day has no opening times.");
            }
            else if (!closed && (opens is null || closes is null))
            {
                errors.Add(field, "Give opens and closes, or closed: true.");
            }
            else if (!closed && Minutes(opens!) >= Minutes(closes!))
            {
                errors.Add($"{field}.closes", "Closes must be after opens on the same day.");
            }
        }
        if ((request.Exceptions?.Count ?? 0) > MaxExceptions)
        {
            errors.Add("exceptions", $"At most {MaxExceptions} exceptions.");
        }
        if (request.Exceptions?.Where(e => e.Date is not null).GroupBy(e => e.Date).Any(g => g.Count() > 1) == true)
        {
            errors.Add("exceptions", "One exception per date.");
        }
        var photos = request.PhotoUrls ?? [];
        if (photos.Count > MaxPhotos)
        {
            errors.Add("photoUrls", $"At most {MaxPhotos} photos.");
        }
        foreach (var (url, index) in photos.Select((u, i) => (u, i)))
        {
            if (url.Trimmed() is not { Length: <= 1000 } address || !WebAddresses.IsHttp(address))
            {
                errors.Add($"photoUrls[{index}]", "A photo is an absolute http or https address of at most 1000 characters.");
            }
        }
        if (request.Website.Trimmed() is { } website && !WebAddresses.IsHttp(website))
        {
            errors.Add("website", "Website must be an absolute http or https address.");
        }
        return errors;
    }

    /// <summary>Writes a checked request onto <paramref name="listing"/> (every field: a PUT replaces the listing's content).</summary>
    public static void Apply(Listing listing, ListingRequest request, DateTimeOffset now)
    {
        listing.Name = Clean(request.Name)!;
        listing.Description = Clean(request.Description);
        listing.Categories = (request.Categories ?? []).Select(c => c.Trim()).Distinct().ToList();
        listing.Tags = TagListAttribute.Clean(request.Tags);
        listing.Address = request.Address.Trimmed();
        listing.City = request.City!.Trim();
        listing.Region = request.Region.Trimmed();
        listing.PostalCode = request.PostalCode.Trimmed();
        listing.Country = request.Country!.Trim().ToUpperInvariant();
        listing.Latitude = request.Latitude!.Value;
        listing.Longitude = request.Longitude!.Value;
        listing.Phone = request.Phone.Trimmed();
        listing.Website = request.Website.Trimmed();
        listing.TimeZone = request.TimeZone!.Trim();
        listing.Hours = (request.Hours ?? []).Select(h => new OpeningHours(h.Day!.Trim(), h.Opens!.Trim(), h.Closes!.Trim()))
            .OrderBy(h => Weekdays.All.ToList().IndexOf(h.Day!)).ThenBy(h => h.Opens, StringComparer.Ordinal).ToList();
        listing.Exceptions = (request.Exceptions ?? []).Select(e => (e.Closed ?? false)
                ? new HoursException(e.Date, true, Note: e.Note.Trimmed())
                : new HoursException(e.Date, false, e.Opens!.Trim(), e.Closes!.Trim(), e.Note.Trimmed()))
            .OrderBy(e => e.Date).ToList();
        listing.PhotoUrls = (request.PhotoUrls ?? []).Select(u => u.Trim()).ToList();
        listing.Claimed = request.Claimed ?? listing.Claimed;
        listing.UpdatedAt = now;
    }

    /// <summary>Trimmed, without the two private-use characters the search's snippets mark matches with.</summary>
    private static string? Clean(string? text) => text.Trimmed()?.Replace(DirectorySearchMarks.Start, ' ').Replace(DirectorySearchMarks.Stop, ' ');

    private static int Minutes(string time) =>
        time == "24:00" ? 1440 : int.Parse(time[..2], CultureInfo.InvariantCulture) * 60 + int.Parse(time[3..], CultureInfo.InvariantCulture);
}

/// <summary>The characters <c>ts_headline</c> puts around a matched word in a snippet (Unicode private use: never in a listing's text).</summary>
public static class DirectorySearchMarks
{
    public const char Start = '\uE000';
    public const char Stop = '\uE001';
}
