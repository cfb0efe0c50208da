using BizOSaaS.Directory.Data;
using BizOSaaS.Directory.Extensions;
using BizOSaaS.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapServiceStartsApi<DirectoryDb>();

app.Run();
