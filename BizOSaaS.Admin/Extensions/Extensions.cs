using BizOSaaS.Admin.Platform;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Ui;

namespace BizOSaaS.Admin.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddBizOSaaSUi("admin", PlatformRoles.PlatformAdmin);
        builder.Services.AddScoped<AdminApiClient>();
    }
}
