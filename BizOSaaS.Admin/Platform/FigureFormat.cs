using System.Globalization;
using MudBlazor;

namespace BizOSaaS.Admin.Platform;

/// <summary>How the console writes figures, tenant states and times, the same on every page.</summary>
public static class FigureFormat
{
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The number, or null when it is unavailable (a <c>KpiCard</c> then shows the reason).</summary>
    public static string? Value(FigureTotal total) => total.Value is { } value ? Number(value) : null;

    public static string Text(Figure figure) => figure.Value is { } value ? Number(value) : "unavailable";

    /// <summary>"across 3 tenants", or which tenants are missing from the sum.</summary>
    public static string Coverage(FigureTotal total) => total.Complete
        ? $"across {total.TenantsTotal} tenant{(total.TenantsTotal == 1 ? "" : "s")}"
        : $"{total.TenantsCounted} of {total.TenantsTotal} tenants counted. {total.Reason}";

    public static string Status(string status) => status switch
    {
        "active" => "Active",
        "trial" => "Trial",
        "suspended" => "Suspended",
        _ => status,
    };

    public static Color StatusColor(string status) => status switch
    {
        "active" => Color.Success,
        "trial" => Color.Info,
        "suspended" => Color.Error,
        _ => Color.Default,
    };

    /// <summary>"qualified" → "Qualified".</summary>
    public static string Title(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Day(DateOnly day) => day.ToString("MMM d", CultureInfo.InvariantCulture);

    /// <summary>"+3" against the period before, for a KPI caption.</summary>
    public static string Change(PeriodCount count)
    {
        var change = count.Current - count.Previous;
        return change switch
        {
            > 0 => $"+{change}",
            < 0 => change.ToString(CultureInfo.InvariantCulture),
            _ => "no change",
        };
    }
}
