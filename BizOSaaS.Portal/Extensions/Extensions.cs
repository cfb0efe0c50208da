using BizOSaaS.Platform.Identity;
using BizOSaaS.Portal.Approvals;
using BizOSaaS.Portal.Crm;
using BizOSaaS.Portal.Directory;
using BizOSaaS.Portal.Shop;
using BizOSaaS.Portal.Store;
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
        builder.Services.AddScoped<StoreClient>();
        // The public shop: the Portal's own storefront tokens per tenant, and the public rate tier on its pages only.
        builder.AddServiceTokens();
        builder.AddPlatformRateLimiting(limitEveryEndpoint: false);
        builder.Services.AddMemoryCache();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ShopClient>();
        // The public directory (anonymous, the public rate tier like the shop) and the tenant's own listings.
        builder.Services.AddScoped<PublicDirectoryClient>();
        builder.Services.AddScoped<DirectoryClient>();
        builder.Services.AddScoped<TeamClient>();
        builder.Services.AddScoped<ApprovalsClient>();
        // One live feed per page that shows the queue, closed with the page.
        builder.Services.AddTransient<ApprovalsLiveFeed>();
        builder.Services.AddLeadExport();
        builder.Services.AddAuthorizationBuilder().AddPolicy(PortalPolicies.TenantAdmin, policy => policy.RequireRole("tenant_admin"));
    }
}
