using BizOSaaS.Ui.PlatformStatus;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using MudBlazor.Services;

namespace BizOSaaS.Ui;

public static class UiExtensions
{
    /// <summary>
    /// What Portal and Admin share: interactive server components, MudBlazor, the clients the shared
    /// components use, and a friendly /Error page for browsers instead of problem details.
    /// </summary>
    public static IHostApplicationBuilder AddBizOSaaSUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        // The exception handler from MapDefaultEndpoints() writes problem details; a browser gets the /Error page instead.
        builder.Services.Configure<ExceptionHandlerOptions>(options =>
        {
            options.ExceptionHandlingPath = "/Error";
            options.CreateScopeForErrors = true;
        });

        // Service discovery and resilience come from AddServiceDefaults(), which applies them to every HttpClient.
        builder.Services.AddHttpClient<HubStatusClient>(client => client.BaseAddress = HubStatusClient.HubAddress);

        return builder;
    }
}
