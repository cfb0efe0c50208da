using BizOSaaS.Portal.Components;
using BizOSaaS.Portal.Crm;
using BizOSaaS.Portal.Extensions;
using BizOSaaS.Ui;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UsePlatformRateLimiting();
app.MapBizOSaaSUi<App>();
app.MapLeadExport();

app.Run();
