// The proxy's own floor for the gateway benchmark: YARP forwarding every request to one destination, with nothing
// else (no authentication, service discovery, rate limit, telemetry or logging), as the hub's gateway does on top
// of all that. Usage: BareYarp <port> <destination> [h2c], e.g. BareYarp 18098 http://127.0.0.1:18099; with h2c it
// speaks HTTP/2 without TLS to the destination (BareKestrel serves it on its port + 1).
using Yarp.ReverseProxy.Forwarder;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{args[0]}");
builder.Services.AddHttpForwarder();
var app = builder.Build();
var h2c = args.Length > 2 && args[2] == "h2c";
app.MapForwarder("/{**catch-all}", args[1], h2c
    ? new ForwarderRequestConfig { Version = new Version(2, 0), VersionPolicy = HttpVersionPolicy.RequestVersionExact }
    : ForwarderRequestConfig.Empty);
app.Run();
