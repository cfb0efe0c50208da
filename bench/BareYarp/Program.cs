// The proxy's own floor for the gateway benchmark: YARP forwarding every request to one destination, with nothing
// else (no authentication, service discovery, rate limit, telemetry or logging), as the hub's gateway does on top
// of all that. Usage: BareYarp <port> <destination>, e.g. BareYarp 18098 http://127.0.0.1:18099
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{args[0]}");
builder.Services.AddHttpForwarder();
var app = builder.Build();
app.MapForwarder("/{**catch-all}", args[1]);
app.Run();
