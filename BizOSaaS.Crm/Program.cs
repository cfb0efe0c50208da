using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Extensions;
using BizOSaaS.ServiceDefaults.Data;
using BizOSaaS.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

// The AppHost's migration run: provision and migrate this service's database, then exit (ADR 19).
if (DatabaseMigrations.Requested(args))
{
    await builder.MigrateDatabaseAsync<CrmDb>("crmdb");
    return;
}

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UsePlatformSecurity(PlatformSecurityProfile.Api);
app.MapDefaultEndpoints();
app.UsePlatformAuthentication();
app.UsePlatformRateLimiting();

app.MapOpenApi().AllowAnonymous();
app.MapServiceStartsApi<CrmDb>();
app.MapCrmApi();

app.Run();
