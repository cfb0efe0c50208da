extern alias DirectoryContracts;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using DirectoryContracts::BizOSaaS.Directory.Contracts;
using Microsoft.AspNetCore.Http;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>What the directory tests share: a tenant member of their own (their bursts count against no other test's
/// rate limit), anonymous visitors, listings made and published through the gateway, public searches and reviews, and
/// the checks of problem details. Each test finds its own listings by a made-up word no other listing has.</summary>
internal sealed class DirectoryTestClient(PlatformFixture platform)
{
    public const string Listings = "/api/brain/directory/listings";
    public const string Public = "/api/brain/directory/public";

    /// <summary>Signed in once per tenant admin and purpose: sign-ins count against the hub's public tier per address.</summary>
    private static readonly ConcurrentDictionary<string, Task<string>> MemberTokens = new();

    /// <summary>A member of the tenant of <paramref name="tenantAdmin"/> made for the directory tests (one per purpose).</summary>
    public async Task<HttpClient> TenantAsync(string tenantAdmin = "admin@coreldove.dev", string purpose = "directory")
    {
        var token = await MemberTokens.GetOrAdd($"{tenantAdmin}|{purpose}", _ => NewMemberTokenAsync(tenantAdmin, purpose));
        return PlatformTokens.WithToken(platform.App.CreateHttpClient("hub"), token);
    }

    /// <summary>A seed tenant's own admin (for another tenant's view of a listing).</summary>
    public Task<HttpClient> AdminAsync(string email) => platform.Tokens.ClientAsync("hub", email);

    /// <summary>Someone on the public directory: no token.</summary>
    public HttpClient Visitor() => platform.App.CreateHttpClient("hub");

    /// <summary>"zq" and eight letters, no letter twice in a row (so swapping two neighbours always makes a typo).</summary>
    public static string UniqueWord()
    {
        var bytes = Guid.NewGuid().ToByteArray();
        var letters = new List<char> { 'z', 'q' };
        foreach (var b in bytes.Take(8))
        {
            var letter = (char)('a' + (b % 26));
            letters.Add(letter == letters[^1] ? (char)('a' + ((b + 1) % 26)) : letter);
        }
        return new string(letters.ToArray());
    }

    /// <summary>A valid listing: a restaurant in Leipzig with no hours, unless told otherwise.</summary>
    public static ListingRequest Listing(string name, string? description = null, List<string>? categories = null, List<string>? tags = null,
        string city = "Leipzig", double latitude = 51.3397, double longitude = 12.3731, string timeZone = "Europe/Berlin",
        List<OpeningHours>? hours = null, List<HoursException>? exceptions = null) =>
        new(name, description, categories ?? ["restaurants"], tags, "Markt 1", city, null, "04109", "DE", latitude, longitude, null, null, timeZone,
            hours, exceptions);

    /// <summary>Every day of the week from <paramref name="opens"/> to <paramref name="closes"/>.</summary>
    public static List<OpeningHours> Daily(string opens, string closes) => [.. Weekdays.All.Select(day => new OpeningHours(day, opens, closes))];

    public static async Task<ListingResponse> CreateAsync(HttpClient tenant, ListingRequest request)
    {
        using var response = await SendAsync(tenant, () => new HttpRequestMessage(HttpMethod.Post, Listings) { Content = JsonContent.Create(request) });
        return await ReadAsync<ListingResponse>(response, HttpStatusCode.Created, $"POST {Listings}");
    }

    public static async Task<ListingResponse> PublishAsync(HttpClient tenant, Guid id, string action = "publish")
    {
        using var response = await SendAsync(tenant, () => new HttpRequestMessage(HttpMethod.Post, $"{Listings}/{id}/{action}"));
        return await ReadAsync<ListingResponse>(response, HttpStatusCode.OK, $"POST {Listings}/{id}/{action}");
    }

    public static async Task<ListingResponse> CreatePublishedAsync(HttpClient tenant, ListingRequest request) =>
        await PublishAsync(tenant, (await CreateAsync(tenant, request)).Id);

    /// <summary>The public search with <paramref name="query"/> (already escaped where it needs to be).</summary>
    public static async Task<DirectorySearchResult> SearchAsync(HttpClient visitor, string query)
    {
        using var response = await visitor.GetAsync($"{Public}/search?{query}");
        return await ReadAsync<DirectorySearchResult>(response, HttpStatusCode.OK, $"GET search?{query}");
    }

    /// <summary>The ids the search for <paramref name="text"/> finds, in its order (every listing a test makes has the test's word).</summary>
    public static async Task<List<Guid>> FoundAsync(HttpClient visitor, string text, string filters = "") =>
        [.. (await SearchAsync(visitor, $"q={Uri.EscapeDataString(text)}&pageSize=50{filters}")).Hits.Select(h => h.Id)];

    public static async Task<PublicListing> PublicListingAsync(HttpClient visitor, Guid id, string? at = null)
    {
        var path = $"{Public}/listings/{id}{(at is null ? "" : "?at=" + Uri.EscapeDataString(at))}";
        using var response = await visitor.GetAsync(path);
        return await ReadAsync<PublicListing>(response, HttpStatusCode.OK, $"GET {path}");
    }

    public static async Task<PostedReview> ReviewAsync(HttpClient visitor, Guid listingId, int rating, string? email = null)
    {
        var request = new ReviewRequest(rating, $"{rating} stars: would say so again.", "Test Reviewer", email ?? $"reviewer-{Guid.NewGuid():N}@example.com");
        using var response = await visitor.PostAsJsonAsync($"{Public}/listings/{listingId}/reviews", request);
        return await ReadAsync<PostedReview>(response, HttpStatusCode.Created, $"POST review of {listingId}");
    }

    public static async Task<List<ReviewResponse>> PublicReviewsAsync(HttpClient visitor, Guid listingId) =>
        (await visitor.GetFromJsonAsync<List<ReviewResponse>>($"{Public}/listings/{listingId}/reviews"))!;

    public static async Task<List<ReviewResponse>> TenantReviewsAsync(HttpClient tenant, Guid listingId) =>
        (await tenant.GetFromJsonAsync<List<ReviewResponse>>($"{Listings}/{listingId}/reviews"))!;

    /// <summary>A refusal with <paramref name="status"/>, answered as problem details.</summary>
    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        Assert.True(response.StatusCode == status, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A 400 whose problem details name <paramref name="field"/> (or one of its items, e.g. categories[0]).</summary>
    public static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field, string what)
    {
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, what);
        var errors = (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors;
        Assert.Contains(errors.Keys, key => key == field || key.StartsWith(field + "[", StringComparison.Ordinal));
    }

    /// <summary>Sends, and once the caller's rate limit is spent waits as long as Retry-After says and sends again (the
    /// relevance corpus writes a few hundred listings in a minute).</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, Func<HttpRequestMessage> request)
    {
        var attempts = 0;
        while (true)
        {
            using var message = request();
            var response = await client.SendAsync(message);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || ++attempts > 5)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        Assert.True(response.StatusCode == expected, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private async Task<string> NewMemberTokenAsync(string tenantAdmin, string purpose)
    {
        using var admin = await platform.Tokens.ClientAsync("hub", tenantAdmin);
        var email = $"{purpose}-{Guid.NewGuid():N}@{tenantAdmin.Split('@')[1]}";
        using var response = await admin.PostAsJsonAsync("/api/brain/tenant/members",
            new { email, displayName = "Directory Tests", role = "member", password = PlatformTokens.Password });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"new member: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await platform.Tokens.SignInAsync(email)).AccessToken;
    }
}
