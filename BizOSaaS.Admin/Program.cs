using BizOSaaS.Admin.Components;
using BizOSaaS.Admin.Extensions;
using BizOSaaS.Ui;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapBizOSaaSUi<App>();

app.Run();
