using BizOSaaS.Directory.Apis;
using BizOSaaS.Directory.Data;
using BizOSaaS.Directory.Extensions;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.OpenApi;
using BizOSaaS.Platform.Security;

var builder = WebApplication.CreateBuilder(args);

// The AppHost's migration run: provision and migrate this service's database, then exit (ADR 19).
if (DatabaseMigrations.Requested(args))
{
    builder.ConfigureOpenTelemetry();
    await builder.MigrateDatabaseAsync<DirectoryDb>("directorydb");
    return;
}

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.WithoutBackgroundWorkWhenGeneratingDocuments();

var app = builder.Build();

app.UseForwardedHeaders();
app.UsePlatformSecurity(PlatformSecurityProfile.Api);
app.MapDefaultEndpoints();
app.UsePlatformAuthentication();
app.UsePlatformRateLimiting();

app.MapOpenApi().AllowAnonymous();
app.MapServiceStartsApi<DirectoryDb>();
app.MapBusinessesApi();
app.MapListingsApi();
app.MapPublicDirectoryApi();

app.Run();
