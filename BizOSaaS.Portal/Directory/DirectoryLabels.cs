using System.Globalization;

namespace BizOSaaS.Portal.Directory;

/// <summary>How the directory's values read on its pages.</summary>
public static class DirectoryLabels
{
    private static readonly Dictionary<string, string> DayNames = new()
    {
        ["mon"] = "Monday",
        ["tue"] = "Tuesday",
        ["wed"] = "Wednesday",
        ["thu"] = "Thursday",
        ["fri"] = "Friday",
        ["sat"] = "Saturday",
        ["sun"] = "Sunday",
    };

    public static string Day(string day) => DayNames.GetValueOrDefault(day, day);

    /// <summary>Five stars, as many filled as the rating rounds to.</summary>
    public static string Stars(decimal? rating)
    {
        var filled = rating is { } value ? (int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 5) : 0;
        return new string('★', filled) + new string('☆', 5 - filled);
    }

    public static string Rating(decimal rating) => rating.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Reviews(int count) => count == 1 ? "1 review" : $"{count.ToString(CultureInfo.InvariantCulture)} reviews";

    /// <summary>"4.50 · 2 reviews", or "No rating yet · 0 reviews".</summary>
    public static string RatingSummary(decimal? rating, int count) =>
        $"{(rating is { } value ? Rating(value) : "No rating yet")} · {Reviews(count)}";

    public static string Distance(double km) => km < 1
        ? $"{(Math.Round(km * 1000 / 10) * 10).ToString("0", CultureInfo.InvariantCulture)} m"
        : $"{km.ToString(km < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)} km";

    public static string Results(long total) => total == 1 ? "1 result" : $"{total.ToString("N0", CultureInfo.InvariantCulture)} results";

    /// <summary>The time zone's weekday key (<c>mon</c>…<c>sun</c>) and date at <paramref name="now"/>; UTC when the zone is unknown here.</summary>
    public static (string Day, DateOnly Date) Today(string timeZone, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return (Weekdays.All[((int)local.DayOfWeek + 6) % 7], DateOnly.FromDateTime(local.DateTime));
    }

    /// <summary>A day's openings, "12:00–14:30, 18:00–22:00", or "Closed".</summary>
    public static string Openings(IEnumerable<OpeningHours> hours)
    {
        var openings = hours.OrderBy(h => h.Opens, StringComparer.Ordinal).Select(h => $"{h.Opens}–{h.Closes}").ToList();
        return openings.Count == 0 ? "Closed" : string.Join(", ", openings);
    }

    public static string ExceptionDay(HoursException exception) =>
        (exception.Closed == true || exception.Opens is null ? "Closed" : $"Open {exception.Opens}–{exception.Closes}")
        + (exception.Note is { Length: > 0 } note ? $" ({note})" : "");

    /// <summary>An address to link to: only an absolute http or https one (never <c>javascript:</c> or the like).</summary>
    public static Uri? WebAddress(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    /// <summary>A listing or review status as a person reads it.</summary>
    public static string Status(string status) => status.Length == 0 ? status : char.ToUpperInvariant(status[0]) + status[1..];
}
