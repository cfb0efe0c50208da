namespace BizOSaaS.Ui.Components;

/// <summary>Chart colours that match the theme and stay apart for people with red-green colour blindness.</summary>
public static class ChartColors
{
    public static string[] Palette { get; } = ["#1e4fd8", "#e07b00", "#0f8a6a", "#7c3aed", "#c62828", "#5b6472"];
}
