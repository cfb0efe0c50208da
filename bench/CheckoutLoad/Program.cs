// Checkouts per second against the store's API: prepares `count` checkouts (one line each, buyers spread over the given
// variants in turn), then completes them all with `concurrency` requests in flight and reports what happened.
// Usage: CheckoutLoad <base url> <access token> <count> <concurrency> <shipping method id> <variant id>[,<variant id>...]
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

var (baseUrl, token, count, concurrency, shipping, variants) =
    (args[0].TrimEnd('/'), args[1], int.Parse(args[2]), int.Parse(args[3]), Guid.Parse(args[4]), args[5].Split(',').Select(Guid.Parse).ToArray());

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

var checkouts = new Guid[count];
await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
{
    using var response = await http.PostAsJsonAsync("/api/checkouts", new
    {
        email = $"bench-buyer-{i}@example.com",
        lines = new[] { new { variantId = variants[i % variants.Length], quantity = 1 } },
        shippingAddress = new { name = "Bench Buyer", line1 = "1 Load Street", city = "Lyon", postalCode = "69001", country = "FR" },
        shippingMethodId = shipping,
    }, ct);
    response.EnsureSuccessStatusCode();
    checkouts[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
});

var latencies = new double[count];
var statuses = new HttpStatusCode[count];
var clock = Stopwatch.StartNew();
await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsync($"/api/checkouts/{checkouts[i]}/complete", null, ct);
    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    statuses[i] = response.StatusCode;
});
var seconds = clock.Elapsed.TotalSeconds;
Array.Sort(latencies);
double Percentile(double p) => latencies[Math.Min(count - 1, (int)Math.Ceiling(p * count) - 1)];
Console.WriteLine(JsonSerializer.Serialize(new
{
    completions = count,
    seconds = Math.Round(seconds, 2),
    perSecond = Math.Round(count / seconds, 1),
    created = statuses.Count(s => s == HttpStatusCode.Created),
    refused = statuses.Count(s => s == HttpStatusCode.Conflict),
    other = statuses.Count(s => s is not (HttpStatusCode.Created or HttpStatusCode.Conflict)),
    p50 = Math.Round(Percentile(0.50), 1),
    p95 = Math.Round(Percentile(0.95), 1),
    p99 = Math.Round(Percentile(0.99), 1),
}));
