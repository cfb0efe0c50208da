using System.Net;
using System.Net.Http.Json;
using System.Text;
using BizOSaaS.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NetEscapades.AspNetCore.SecurityHeaders;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>Secure headers, CSP, CORS and bad-request answers of a service on real Kestrel.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly List<ServiceUnderTest> _services = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/things", HttpStatusCode.OK)]
    [InlineData("/missing", HttpStatusCode.NotFound)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/boom", HttpStatusCode.InternalServerError)]
    public async Task Every_response_carries_the_secure_headers_and_no_Server_header(string path, HttpStatusCode status)
    {
        var service = await StartAsync();
        using var client = service.Client();

        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("max-age=31536000; includeSubDomains", Header(response, "Strict-Transport-Security"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Resource-Policy"));
        var permissions = Header(response, "Permissions-Policy");
        Assert.Contains("camera=()", permissions);
        Assert.Contains("microphone=()", permissions);
        Assert.Contains("geolocation=()", permissions);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.False(response.Headers.Contains("Server"));
        if (status == HttpStatusCode.InternalServerError)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("NotSupportedException", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_web_app_profile_lets_Blazor_Server_and_MudBlazor_work_and_can_be_extended()
    {
        var service = await StartAsync(
            profile: PlatformSecurityProfile.WebApp,
            // A directive added again replaces the profile's, so it restates 'self'.
            extendCsp: csp => csp.AddFormAction().Self().From("https://hub.example"));
        using var client = service.Client();

        var response = await client.GetAsync("/nonce");
        var csp = Header(response, "Content-Security-Policy");

        // The nonce the page puts on its inline <ImportMap /> is the one the policy allows.
        var nonce = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(nonce));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("default-src 'self'", directives);
        Assert.Contains($"script-src 'self' 'nonce-{nonce}'", directives);
        Assert.Contains("style-src 'self' 'unsafe-inline'", directives);
        Assert.Contains("connect-src 'self'", directives);
        Assert.Contains("img-src 'self' data:", directives);
        Assert.Contains("font-src 'self' data:", directives);
        Assert.Contains("frame-ancestors 'none'", directives);
        Assert.Contains("form-action 'self' https://hub.example", directives);
        Assert.Contains("base-uri 'self'", directives);
        Assert.Contains("object-src 'none'", directives);
        Assert.DoesNotContain("unsafe-eval", csp);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task A_body_over_10_MB_is_413_problem_details(string environment)
    {
        var service = await StartAsync(environment);
        using var client = service.Client();
        var json = "{\"name\":\"" + new string('x', 11 * 1024 * 1024) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/things")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        // The client waits for the server's word before sending 11 MB it would refuse anyway.
        request.Headers.ExpectContinue = true;

        var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Text_plain_to_a_JSON_endpoint_is_415_problem_details(string environment)
    {
        var service = await StartAsync(environment);
        using var client = service.Client();

        var response = await client.PostAsync("/things", new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "text/plain"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_JSON_body_within_the_limit_is_accepted()
    {
        var service = await StartAsync();
        using var client = service.Client();

        var response = await client.PostAsJsonAsync("/things", new Thing(new string('x', 1024 * 1024)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_CORS_preflight_is_answered_only_for_configured_origins()
    {
        var service = await StartAsync(configuration: new()
        {
            ["Platform:AllowedOrigins:0"] = "https://portal.example",
            ["Platform:AllowedOriginsCsv"] = "https://admin.example, https://other.example",
        });
        using var client = service.Client();

        foreach (var allowed in new[] { "https://portal.example", "https://admin.example" })
        {
            var response = await client.SendAsync(Preflight(allowed));
            Assert.Equal(allowed, Header(response, "Access-Control-Allow-Origin"));
            Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        }
        var refused = await client.SendAsync(Preflight("https://evil.example"));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task With_no_origins_configured_no_cross_origin_request_is_allowed()
    {
        var service = await StartAsync();
        using var client = service.Client();

        var preflight = await client.SendAsync(Preflight("https://portal.example"));
        using var get = new HttpRequestMessage(HttpMethod.Get, "/things");
        get.Headers.Add("Origin", "https://portal.example");
        var simple = await client.SendAsync(get);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(simple.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<ServiceUnderTest> StartAsync(
        string environment = "Production",
        PlatformSecurityProfile profile = PlatformSecurityProfile.Api,
        Action<CspBuilder>? extendCsp = null,
        Dictionary<string, string?>? configuration = null)
    {
        var service = await ServiceUnderTest.StartAsync(configuration ?? [], app =>
        {
            app.MapGet("/things", () => TypedResults.Ok(new[] { new Thing("one") }));
            app.MapPost("/things", (Thing thing) => TypedResults.Ok(thing.Name.Length));
            app.MapGet("/nonce", (HttpContext context) => context.GetNonce());
            app.MapGet("/boom", string () => throw new NotSupportedException("a stack trace the client must not see"));
        }, environment, rateLimiting: false, profile: profile, extendCsp: extendCsp);
        _services.Add(service);
        return service;
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/things");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    private static string Header(HttpResponseMessage response, string name)
    {
        Assert.True(response.Headers.TryGetValues(name, out var values), $"No {name} header on a {(int)response.StatusCode} response.");
        return string.Join(", ", values);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.NotNull(problem);
        Assert.Equal((int)status, problem.Status);
        Assert.DoesNotContain("   at ", body);
    }

    public sealed record Thing(string Name);

    private sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail);
}
