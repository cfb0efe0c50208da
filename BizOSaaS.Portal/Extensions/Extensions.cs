using BizOSaaS.Ui;

namespace BizOSaaS.Portal.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder) => builder.AddBizOSaaSUi("portal");
}
