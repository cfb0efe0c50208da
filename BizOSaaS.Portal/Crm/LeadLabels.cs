using MudBlazor;

namespace BizOSaaS.Portal.Crm;

/// <summary>How lead statuses, ratings and activity kinds read and look on the pages.</summary>
public static class LeadLabels
{
    public static readonly string[] Statuses = ["new", "contacted", "qualified", "unqualified", "converted"];
    public static readonly string[] SettableStatuses = ["new", "contacted", "qualified", "unqualified"];
    public static readonly string[] Ratings = ["hot", "warm", "cold"];

    public static string Status(string status) => status switch
    {
        "new" => "New",
        "contacted" => "Contacted",
        "qualified" => "Qualified",
        "unqualified" => "Unqualified",
        "converted" => "Converted",
        _ => status,
    };

    public static Color RatingColor(string rating) => rating switch
    {
        "hot" => Color.Error,
        "warm" => Color.Warning,
        _ => Color.Info,
    };

    public static Color StatusColor(string status) => status switch
    {
        "qualified" => Color.Success,
        "converted" => Color.Primary,
        "unqualified" => Color.Default,
        _ => Color.Secondary,
    };
}

public static class ActivityIcons
{
    public static string For(string kind) => kind switch
    {
        ActivityKinds.Call => Icons.Material.Filled.Phone,
        ActivityKinds.Email => Icons.Material.Filled.Email,
        ActivityKinds.Meeting => Icons.Material.Filled.Groups,
        ActivityKinds.Task => Icons.Material.Filled.TaskAlt,
        _ => Icons.Material.Filled.StickyNote2,
    };
}
