using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Extensions;
using BizOSaaS.ServiceDefaults.Data;
using BizOSaaS.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

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
