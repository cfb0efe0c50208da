namespace BizOSaaS.Directory.Contracts;

public static class ListingStatuses
{
    /// <summary>Seen only by its tenant.</summary>
    public const string Draft = "draft";

    /// <summary>Seen by everyone in the public directory.</summary>
    public const string Published = "published";

    /// <summary>Taken out of the public directory by platform staff; its tenant still sees it.</summary>
    public const string Suspended = "suspended";
}

public static class Weekdays
{
    public static IReadOnlyList<string> All { get; } = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
}

/// <summary>A listing's opening on one weekday, in its own time zone. <paramref name="Closes"/> at or before
/// <paramref name="Opens"/> means past midnight (18:00–02:00); a day may have several openings (12:00–14:30, 18:00–22:00).</summary>
public sealed record OpeningHours(
    [OneOf("mon", "tue", "wed", "thu", "fri", "sat", "sun", Required = true)] string? Day,
    [Given, Matches("^([01][0-9]|2[0-3]):[0-5][0-9]$", ErrorMessage = "{0} must be a time of day written HH:mm.")] string? Opens,
    [Given, Matches("^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", ErrorMessage = "{0} must be a time of day written HH:mm.")] string? Closes);

/// <summary>A day (a holiday, an event) when the weekly hours do not hold: closed all day, or open only
/// <paramref name="Opens"/>–<paramref name="Closes"/> (the same day).</summary>
public sealed record HoursException(
    DateOnly? Date,
    bool? Closed = null,
    [Matches("^([01][0-9]|2[0-3]):[0-5][0-9]$", ErrorMessage = "{0} must be a time of day written HH:mm.")] string? Opens = null,
    [Matches("^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", ErrorMessage = "{0} must be a time of day written HH:mm.")] string? Closes = null,
    [Text(100)] string? Note = null);

/// <summary>A business listing of the tenant. Published, it is in the public directory.</summary>
/// <param name="Categories">1 to 5 slugs of the directory's shared categories (<c>GET /api/public/categories</c>).</param>
/// <param name="Country">ISO 3166 two-letter code.</param>
/// <param name="TimeZone">IANA time zone (Europe/Berlin) its hours are in.</param>
/// <param name="Hours">The weekly hours; none means hours are not known (never "open now").</param>
/// <param name="PhotoUrls">Up to 10 https addresses of photos.</param>
/// <param name="Claimed">The business itself manages this listing.</param>
public sealed record ListingRequest(
    [Text(200, Required = true)] string? Name,
    [Text(5000)] string? Description = null,
    List<string>? Categories = null,
    [TagList(MaxCount = 20, MaxLength = 40)] List<string>? Tags = null,
    [Text(200)] string? Address = null,
    [Text(100, Required = true)] string? City = null,
    [Text(100)] string? Region = null,
    [Text(20)] string? PostalCode = null,
    [Matches("^[A-Za-z]{2}$", ErrorMessage = "{0} must be a two-letter country code such as DE."), Given] string? Country = null,
    [Between(-90, 90, Required = true)] double? Latitude = null,
    [Between(-180, 180, Required = true)] double? Longitude = null,
    [PhoneNumber] string? Phone = null,
    [Text(500)] string? Website = null,
    [Text(64, Required = true)] string? TimeZone = null,
    List<OpeningHours>? Hours = null,
    List<HoursException>? Exceptions = null,
    List<string>? PhotoUrls = null,
    bool? Claimed = null);

public sealed record ListingResponse(
    Guid Id,
    string Name,
    string? Description,
    IReadOnlyList<string> Categories,
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
    IReadOnlyList<string> PhotoUrls,
    bool Claimed,
    bool Verified,
    string Status,
    decimal? Rating,
    int ReviewCount,
    bool IsDemo,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A category of the directory's shared taxonomy.</summary>
public sealed record DirectoryCategory(string Slug, string Name, string? Parent);

/// <summary>Platform staff on a listing: verified (they checked the business is real), suspended (out of the public directory
/// until lifted; lifting leaves it a draft for its tenant to publish again). Left out keeps the current value.</summary>
public sealed record ListingStandingRequest(bool? Verified = null, bool? Suspended = null);
