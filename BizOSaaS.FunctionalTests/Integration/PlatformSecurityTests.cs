using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>Headers, body limits, content types and rate limits on the running platform.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformSecurityTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("hub", "/health")]
    [InlineData("hub", "/api/brain/tenant/current")]
    [InlineData("crm", "/api/leads")]
    [InlineData("commerce", "/health")]
    [InlineData("directory", "/api/businesses")]
    [InlineData("portal", "/health")]
    [InlineData("portal", "/")]
    [InlineData("admin", "/health")]
    [InlineData("admin", "/")]
    public async Task Every_app_sends_the_secure_headers_and_no_Server_header(string app, string path)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = platform.App.CreateHttpClient(app).BaseAddress };

        using var response = await client.GetAsync(path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"));
        Assert.NotNull(Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Resource-Policy"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Oversized_bodies_get_413_and_wrong_content_types_415_as_problem_details_and_change_nothing()
    {
        using var crm = await platform.Tokens.ClientAsync("crm", "admin@coreldove.dev");
        var before = (await crm.GetFromJsonAsync<LeadCount>("/api/leads/count"))!.Count;

        var huge = "{\"name\":\"" + new string('x', 11 * 1024 * 1024) + "\",\"email\":\"big@example.com\"}";
        // Like a careful client, ask first (Expect: 100-continue), so the server's early 413 is read rather
        // than lost to a connection closed mid-upload.
        using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) };
        using var uploader = new HttpClient(handler) { BaseAddress = crm.BaseAddress };
        uploader.DefaultRequestHeaders.Authorization = crm.DefaultRequestHeaders.Authorization;
        uploader.DefaultRequestHeaders.ExpectContinue = true;
        using var tooLarge = await uploader.PostAsync("/api/leads", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);

        using var wrongType = await crm.PostAsync("/api/leads", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal("application/problem+json", wrongType.Content.Headers.ContentType?.MediaType);

        using var invalid = await crm.PostAsJsonAsync("/api/leads", new { name = "", email = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors;
        Assert.True(errors.ContainsKey("name"));
        Assert.True(errors.ContainsKey("email"));

        Assert.Equal(before, (await crm.GetFromJsonAsync<LeadCount>("/api/leads/count"))!.Count);
    }

    [Fact]
    public async Task The_rate_limit_is_shared_by_both_crm_replicas_and_answers_429_with_Retry_After()
    {
        // A person of their own, so no other test shares the counter; Bizoholic's Professional plan doubles
        // the default tier of 100 a minute.
        using var admin = await platform.Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        var email = $"ratelimit-{Guid.NewGuid():N}@bizoholic.dev";
        (await admin.PostAsJsonAsync("/api/brain/tenant/members", new { email, displayName = "Rate Limit", role = "member", password = "Rate-Passw0rd" }))
            .EnsureSuccessStatusCode();
        var tokens = await platform.Tokens.SignInAsync(email, "Rate-Passw0rd");
        using var replica0 = PlatformTokens.WithToken(platform.Replica("crm", 0).CreateReplicaHttpClient(), tokens.AccessToken);
        using var replica1 = PlatformTokens.WithToken(platform.Replica("crm", 1).CreateReplicaHttpClient(), tokens.AccessToken);
        const int limit = 200;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < limit; i++)
        {
            using var response = await (i % 2 == 0 ? replica0 : replica1).GetAsync("/api/leads/count");
            statuses.Add(response.StatusCode);
        }
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));

        using var rejected = await replica0.GetAsync("/api/leads/count");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.True(rejected.Headers.RetryAfter?.Delta?.TotalSeconds >= 1);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        using var rejectedToo = await replica1.GetAsync("/api/leads/count");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejectedToo.StatusCode);

        // Someone else in the same tenant has a counter of their own.
        using var other = await platform.Tokens.ClientAsync(platform.Replica("crm", 1), "admin@bizoholic.dev");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/leads/count")).StatusCode);
    }

    [Fact]
    public async Task A_request_through_the_gateway_uses_one_permit_as_a_direct_one_does()
    {
        using var admin = await platform.Tokens.ClientAsync("hub", "admin@bizoholic.dev");
        var email = $"gateway-limit-{Guid.NewGuid():N}@bizoholic.dev";
        (await admin.PostAsJsonAsync("/api/brain/tenant/members", new { email, displayName = "Gateway Limit", role = "member", password = "Rate-Passw0rd" }))
            .EnsureSuccessStatusCode();
        var tokens = await platform.Tokens.SignInAsync(email, "Rate-Passw0rd");
        using var hub = PlatformTokens.WithToken(platform.App.CreateHttpClient("hub"), tokens.AccessToken);
        const int limit = 200;

        for (var i = 0; i < limit; i++)
        {
            using var response = await hub.GetAsync("/api/brain/crm/leads/count");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var rejected = await hub.GetAsync("/api/brain/crm/leads/count");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.True(rejected.Headers.RetryAfter?.Delta?.TotalSeconds >= 1);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
