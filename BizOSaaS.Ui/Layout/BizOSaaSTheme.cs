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
