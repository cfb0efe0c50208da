using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Extensions;
using BizOSaaS.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapServiceStartsApi<CommerceDb>();

app.Run();
