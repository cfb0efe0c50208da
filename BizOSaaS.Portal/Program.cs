using BizOSaaS.Portal.Components;
using BizOSaaS.Portal.Crm;
using BizOSaaS.Portal.Directory;
using BizOSaaS.Portal.Extensions;
using BizOSaaS.Ui;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UsePlatformRateLimiting();
// Directory listings show their photos from the businesses' own https addresses (ADR 32).
app.MapBizOSaaSUi<App>(csp => csp.AddImgSrc().Self().Data().OverHttps());
app.MapLeadExport();
app.MapDirectorySuggest();

app.Run();
