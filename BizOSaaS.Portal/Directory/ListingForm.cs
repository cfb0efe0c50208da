using System.Globalization;
using BizOSaaS.Validation;

namespace BizOSaaS.Portal.Directory;

/// <summary>
/// A listing as the staff form edits it: every field of <see cref="ListingRequest"/> (a PUT replaces them all), the weekly
/// hours as rows of a weekday with its opening and closing time, the special days as rows of a date, and the photos as
/// one address a line. Rows left empty are not sent.
/// </summary>
public sealed class ListingForm
{
    public const int MaxPhotos = 10;

    /// <summary>The listing edited; none for a new one.</summary>
    public Guid? Id { get; init; }

    public string? Name { get; set; }
    public string? Description { get; set; }
    public List<string> Categories { get; set; } = [];

    /// <summary>Tags separated by commas.</summary>
    public string? Tags { get; set; }

    public string? Address { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? PostalCode { get; set; }
    public string? Country { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    public string? TimeZone { get; set; } = "Europe/Berlin";
    public List<HoursRow> Hours { get; set; } = [.. Weekdays.All.Select(day => new HoursRow { Day = day })];
    public List<ExceptionRow> Exceptions { get; set; } = [];

    /// <summary>Photo addresses, one a line.</summary>
    public string? PhotoUrls { get; set; }

    public bool Claimed { get; set; }

    public sealed class HoursRow
    {
        public string? Day { get; set; }
        public string? Opens { get; set; }
        public string? Closes { get; set; }

        /// <summary>The row's index in the request's hours, when it was sent (for the API's field errors).</summary>
        public int? SentAs { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Opens) && string.IsNullOrWhiteSpace(Closes);
    }

    public sealed class ExceptionRow
    {
        public DateTime? Date { get; set; }
        public bool Closed { get; set; } = true;
        public string? Opens { get; set; }
        public string? Closes { get; set; }
        public string? Note { get; set; }
        public int? SentAs { get; set; }

        public bool IsBlank => Date is null && string.IsNullOrWhiteSpace(Note) && string.IsNullOrWhiteSpace(Opens) && string.IsNullOrWhiteSpace(Closes);
    }

    public static ListingForm From(ListingResponse listing) => new()
    {
        Id = listing.Id,
        Name = listing.Name,
        Description = listing.Description,
        Categories = [.. listing.Categories],
        Tags = string.Join(", ", listing.Tags),
        Address = listing.Address,
        City = listing.City,
        Region = listing.Region,
        PostalCode = listing.PostalCode,
        Country = listing.Country,
        Latitude = listing.Latitude,
        Longitude = listing.Longitude,
        Phone = listing.Phone,
        Website = listing.Website,
        TimeZone = listing.TimeZone,
        // Each weekday keeps a row, empty when the listing is closed that day; a day with two openings has two rows.
        Hours = [.. Weekdays.All.SelectMany(day => listing.Hours.Where(h => h.Day == day).OrderBy(h => h.Opens, StringComparer.Ordinal)
            .Select(h => new HoursRow { Day = day, Opens = h.Opens, Closes = h.Closes })
            .DefaultIfEmpty(new HoursRow { Day = day }))],
        Exceptions = [.. listing.Exceptions.OrderBy(e => e.Date).Select(e => new ExceptionRow
        {
            Date = e.Date?.ToDateTime(TimeOnly.MinValue),
            Closed = e.Closed ?? e.Opens is null,
            Opens = e.Opens,
            Closes = e.Closes,
            Note = e.Note,
        })],
        PhotoUrls = string.Join('\n', listing.PhotoUrls),
        Claimed = listing.Claimed,
    };

    /// <summary>Another opening on <paramref name="day"/>, after that day's rows.</summary>
    public void AddOpening(string day)
    {
        var last = Hours.FindLastIndex(h => h.Day == day);
        Hours.Insert(last < 0 ? Hours.Count : last + 1, new HoursRow { Day = day });
    }

    /// <summary>The request, and which rows it sent as which index (<see cref="HoursRow.SentAs"/>).</summary>
    public ListingRequest ToRequest()
    {
        var hours = new List<OpeningHours>();
        foreach (var row in Hours)
        {
            row.SentAs = row.IsBlank ? null : hours.Count;
            if (!row.IsBlank)
            {
                hours.Add(new OpeningHours(row.Day, row.Opens.Trimmed(), row.Closes.Trimmed()));
            }
        }
        var exceptions = new List<HoursException>();
        foreach (var row in Exceptions)
        {
            row.SentAs = row.IsBlank ? null : exceptions.Count;
            if (!row.IsBlank)
            {
                exceptions.Add(new HoursException(
                    row.Date is { } date ? DateOnly.FromDateTime(date) : null,
                    row.Closed,
                    row.Closed ? null : row.Opens.Trimmed(),
                    row.Closed ? null : row.Closes.Trimmed(),
                    row.Note.Trimmed()));
            }
        }
        return new ListingRequest(
            Name: Name.Trimmed(),
            Description: Description.Trimmed(),
            Categories: [.. Categories],
            Tags: Split(Tags, ','),
            Address: Address.Trimmed(),
            City: City.Trimmed(),
            Region: Region.Trimmed(),
            PostalCode: PostalCode.Trimmed(),
            Country: Country.Trimmed()?.ToUpperInvariant(),
            Latitude: Latitude,
            Longitude: Longitude,
            Phone: Phone.Trimmed(),
            Website: Website.Trimmed(),
            TimeZone: TimeZone.Trimmed(),
            Hours: hours,
            Exceptions: exceptions,
            PhotoUrls: Split(PhotoUrls, '\n'),
            Claimed: Claimed);
    }

    /// <summary>The JSON names of the fields the form shows errors beside (the rows' as they were sent).</summary>
    public string[] Fields() =>
    [
        "name", "description", "categories", "tags", "address", "city", "region", "postalCode", "country", "latitude", "longitude", "phone",
        "website", "timeZone", "hours", "exceptions", "photoUrls", "claimed",
        .. Enumerable.Range(0, MaxPhotos).Select(PhotoField),
        .. Hours.Where(h => h.SentAs is not null).SelectMany(h => new[] { "day", "opens", "closes" }.Select(f => HoursField(h, f)!)),
        .. Exceptions.Where(e => e.SentAs is not null).SelectMany(e => new[] { "date", "closed", "opens", "closes", "note" }.Select(f => ExceptionField(e, f)!)),
    ];

    public static string PhotoField(int index) => $"photoUrls[{index.ToString(CultureInfo.InvariantCulture)}]";

    public static string? HoursField(HoursRow row, string field) =>
        row.SentAs is { } index ? $"hours[{index.ToString(CultureInfo.InvariantCulture)}].{field}" : null;

    public static string? ExceptionField(ExceptionRow row, string field) =>
        row.SentAs is { } index ? $"exceptions[{index.ToString(CultureInfo.InvariantCulture)}].{field}" : null;

    private static List<string> Split(string? text, char separator) =>
        [.. (text ?? "").Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
