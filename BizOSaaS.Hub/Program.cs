using BizOSaaS.Hub.ApiReference;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Extensions;
using BizOSaaS.Hub.Gateway;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.OpenApi;

var builder = WebApplication.CreateBuilder(args);

// The AppHost's migration run: provision and migrate this service's database, then exit (ADR 19).
if (DatabaseMigrations.Requested(args))
{
    builder.ConfigureOpenTelemetry();
    await builder.MigrateDatabaseAsync<HubDb>("hubdb");
    return;
}

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.WithoutBackgroundWorkWhenGeneratingDocuments();

var app = builder.Build();

app.UseHubSecurity();
app.MapDefaultEndpoints();
app.UseStaticFiles();
app.UseHubAuthentication();
app.UsePlatformRateLimiting();
app.UseRequestTimeouts();
app.UseAntiforgery();

app.MapOpenApi().AllowAnonymous();
app.MapApiReference();
app.MapServiceStartsApi<HubDb>();
app.MapHubApi();

app.Run();
