using BizOSaaS.Ui.PlatformStatus;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using MudBlazor.Services;

namespace BizOSaaS.Ui;

public static class UiExtensions
{
    /// <summary>MudBlazor and the clients the shared components use.</summary>
    public static IHostApplicationBuilder AddBizOSaaSUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMudServices();

        // Service discovery and resilience come from AddServiceDefaults(), which applies them to every HttpClient.
        builder.Services.AddHttpClient<HubStatusClient>(client => client.BaseAddress = HubStatusClient.HubAddress);

        return builder;
    }
}
