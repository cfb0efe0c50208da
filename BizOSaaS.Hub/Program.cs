using BizOSaaS.Hub.Apis;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Extensions;
using BizOSaaS.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapServiceStartsApi<HubDb>();
app.MapStatusApi();

app.Run();
