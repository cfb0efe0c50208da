using BizOSaaS.Portal.Crm;
using BizOSaaS.Portal.Team;
using BizOSaaS.Ui;

namespace BizOSaaS.Portal.Extensions;

public static class Extensions
{
    /// <summary>The shared web app wiring, and the Portal's clients of the services behind the hub.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddBizOSaaSUi("portal");
        builder.Services.AddScoped<CrmClient>();
        builder.Services.AddScoped<TeamClient>();
        builder.Services.AddLeadExport();
        builder.Services.AddAuthorizationBuilder().AddPolicy(PortalPolicies.TenantAdmin, policy => policy.RequireRole("tenant_admin"));
    }
}
