// The machine's ceiling for the gateway benchmark: Kestrel answering a small JSON body, with nothing else
// (no authentication, database, cache or proxy). Usage: BareKestrel <port>
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{args[0]}");
var app = builder.Build();
app.MapGet("/json", () => TypedResults.Ok(new Count(42)));
app.Run();

internal sealed record Count(long Value);
