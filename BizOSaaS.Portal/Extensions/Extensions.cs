using BizOSaaS.Ui;

using Microsoft.AspNetCore.Builder;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddBizOSaaSUi();

        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();

        // The exception handler from MapDefaultEndpoints() writes problem details; a browser gets the /Error page instead.
        builder.Services.Configure<ExceptionHandlerOptions>(options =>
        {
            options.ExceptionHandlingPath = "/Error";
            options.CreateScopeForErrors = true;
        });
    }
}
