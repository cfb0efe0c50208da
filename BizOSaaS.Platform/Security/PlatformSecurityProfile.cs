namespace BizOSaaS.Platform.Security;

/// <summary>Which Content-Security-Policy an application gets from <c>UsePlatformSecurity</c>.</summary>
public enum PlatformSecurityProfile
{
    /// <summary>A JSON API: nothing may load or frame anything (<c>default-src 'none'</c>).</summary>
    Api,

    /// <summary>A Blazor Server app with MudBlazor: scripts, styles, fonts, images and its SignalR connection from its own origin.</summary>
    WebApp,
}
