using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Extensions;
using BizOSaaS.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapServiceStartsApi<CrmDb>();

app.Run();
