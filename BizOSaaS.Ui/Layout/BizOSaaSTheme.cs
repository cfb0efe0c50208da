using MudBlazor;

namespace BizOSaaS.Ui.Layout;

/// <summary>The one theme both apps share, so the portal and the console look like one product.</summary>
public static class BizOSaaSTheme
{
    public static MudTheme Default { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e4fd8",
            Secondary = "#5b6472",
            AppbarBackground = "#16213e",
            AppbarText = "#ffffff",
            Background = "#f5f7fb",
            // MudBlazor's default success, warning, error and info are too light for white text on them or for
            // text on white (about 2:1); these keep 4.5:1 or more either way (WCAG AA).
            Success = "#2e7d32",
            Warning = "#b45309",
            Error = "#c62828",
            Info = "#0b6bcb",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
