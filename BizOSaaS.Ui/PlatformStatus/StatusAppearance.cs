using MudBlazor;

namespace BizOSaaS.Ui.PlatformStatus;

/// <summary>How a status string looks: green healthy, orange degraded, red unhealthy or unreachable.</summary>
public static class StatusAppearance
{
    public static Color ColorOf(string? status) => status switch
    {
        PlatformHealth.Healthy => Color.Success,
        PlatformHealth.Degraded => Color.Warning,
        PlatformHealth.Unhealthy or PlatformHealth.Unreachable => Color.Error,
        _ => Color.Default,
    };

    public static string IconOf(string? status) => status switch
    {
        PlatformHealth.Healthy => Icons.Material.Filled.CheckCircle,
        PlatformHealth.Degraded => Icons.Material.Filled.Warning,
        PlatformHealth.Unhealthy => Icons.Material.Filled.Error,
        PlatformHealth.Unreachable => Icons.Material.Filled.CloudOff,
        _ => Icons.Material.Filled.HelpOutline,
    };

    public static string Milliseconds(double durationMs) => $"{durationMs:0} ms";
}
