using BizOSaaS.Crm.Apis;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Demo;
using BizOSaaS.Crm.Import;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.People;
using BizOSaaS.Crm.Qualification;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Approvals;
using BizOSaaS.Platform.Data.Approvals;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.OpenApi;

namespace BizOSaaS.Crm.Extensions;

public static class Extensions
{
    /// <summary>The crm service: its database, tenant caching, the hub's tokens, scoring, the qualification outbox
    /// and its delivery, CSV import, and Development demo data.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformSecurity();
        builder.Services.AddValidation();
        builder.AddValidationProblems();
        builder.AddTenantDbContext<CrmDb>("crmdb");
        builder.AddPlatformRedisClient("cache");
        builder.AddReplicaDirectory();
        builder.AddPlatformCaching();
        builder.AddPlatformAuthentication();
        builder.AddPlatformRateLimiting();
        builder.AddPlatformOpenApi();
        builder.AddServiceTokens();
        builder.Services.AddSingleton<TimeProvider, DatabaseClock>();

        builder.Services.AddSingleton<TenantCrmDefaults.Ready>();
        builder.Services.AddScoped<TenantCrmDefaults>();
        builder.Services.AddScoped<ScoringSettingsStore>();
        builder.Services.AddScoped<LeadScorer>();
        builder.Services.AddScoped<LeadEditor>();
        builder.Services.AddScoped<DealRules>();
        builder.Services.AddScoped<QualificationOutbox>();
        builder.Services.AddScoped<LeadCsvImport>();
        builder.Services.AddHttpClient<TenantPeople>(client => client.BaseAddress = TenantPeople.HubAddress).AddCallerToken();
        builder.Services.AddHttpClient<ApprovalQueueClient>(client => client.BaseAddress = ApprovalQueueClient.HubAddress).AddServiceToken();

        builder.Services.Configure<ApprovalOutboxOptions>(builder.Configuration.GetSection("Crm:QualificationDelivery"));
        builder.Services.AddHostedService<DemoData>();
        builder.Services.AddHostedService<QualificationDelivery>();
        builder.Services.AddHostedService<LeadRescoring>();
    }

    /// <summary>Every endpoint of the crm, under /api.</summary>
    public static IEndpointRouteBuilder MapCrmApi(this IEndpointRouteBuilder app)
    {
        app.MapLeadsApi();
        app.MapLeadConversionApi();
        app.MapLeadDuplicatesApi();
        app.MapLeadImportApi();
        app.MapLeadSourcesApi();
        app.MapScoringApi();
        app.MapActivitiesApi();
        app.MapContactsApi();
        app.MapCompaniesApi();
        app.MapDealsApi();
        app.MapPipelinesApi();
        app.MapApprovalCallbacksApi();
        return app;
    }
}
