// The machine's ceiling for the gateway benchmark: Kestrel answering a small JSON body, with nothing else
// (no authentication, database, cache or proxy). Usage: BareKestrel <port>; HTTP/1.1 on <port> and HTTP/2 without
// TLS (h2c, prior knowledge) on <port>+1, for the bare YARP hop over either.
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
    kestrel.Listen(IPAddress.Loopback, port + 1, listen => listen.Protocols = HttpProtocols.Http2);
});
var app = builder.Build();
app.MapGet("/json", () => TypedResults.Ok(new Count(42)));
app.Run();

internal sealed record Count(long Value);
