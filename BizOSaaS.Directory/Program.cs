using BizOSaaS.Directory.Apis;
using BizOSaaS.Directory.Data;
using BizOSaaS.Directory.Extensions;
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
app.MapServiceStartsApi<DirectoryDb>();
app.MapBusinessesApi();

app.Run();
