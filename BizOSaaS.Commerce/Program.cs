using BizOSaaS.Commerce.Apis;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Extensions;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.OpenApi;
using BizOSaaS.Platform.Security;

var builder = WebApplication.CreateBuilder(args);

// The AppHost's migration run: provision and migrate this service's database, then exit (ADR 19).
if (DatabaseMigrations.Requested(args))
{
    builder.ConfigureOpenTelemetry();
    await builder.MigrateDatabaseAsync<CommerceDb>("commercedb");
    return;
}

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.WithoutBackgroundWorkWhenGeneratingDocuments();

var app = builder.Build();

app.UsePlatformSecurity(PlatformSecurityProfile.Api);
app.MapDefaultEndpoints();
app.UsePlatformAuthentication();
app.UsePlatformRateLimiting();

app.MapOpenApi().AllowAnonymous();
app.MapServiceStartsApi<CommerceDb>();
app.MapCommerceApi();

app.Run();
