using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.TestSupport;

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("id_token")] string? IdToken);

/// <summary>
/// Signs in through the hub's token endpoint with the Development-only <c>bizosaas-cli</c> client, as scripts
/// do, and hands out clients that carry the token. Tokens are kept per person so the tests stay well within
/// the hub's own rate limits.
/// </summary>
public sealed class PlatformTokens(DistributedApplication app)
{
    public const string Password = "Passw0rd!";
    public const string Scopes = "openid profile email roles offline_access";

    public static readonly Guid CorelDove = DevelopmentTenants.CorelDove;
    public static readonly Guid Bizoholic = DevelopmentTenants.Bizoholic;
    public static readonly Guid ThrillRing = DevelopmentTenants.ThrillRing;

    private readonly ConcurrentDictionary<string, TokenResponse> _tokens = new();

    public async Task<TokenResponse> SignInAsync(string email, string password = Password, Guid? tenantId = null)
    {
        var key = $"{email}|{tenantId}";
        if (password == Password && _tokens.TryGetValue(key, out var cached))
        {
            return cached;
        }
        using var response = await RequestTokenAsync(email, password, tenantId);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Signing in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var tokens = (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
        return password == Password ? _tokens.GetOrAdd(key, tokens) : tokens;
    }

    /// <summary>The raw token endpoint answer, for tests of refusals.</summary>
    public async Task<HttpResponseMessage> RequestTokenAsync(string email, string password, Guid? tenantId = null)
    {
        using var hub = app.CreateHttpClient("hub");
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "bizosaas-cli",
            ["username"] = email,
            ["password"] = password,
            ["scope"] = Scopes,
        };
        if (tenantId is not null)
        {
            form["tenant_id"] = tenantId.Value.ToString();
        }
        return await hub.PostAsync("/connect/token", new FormUrlEncodedContent(form));
    }

    /// <summary>A client for a project (through the proxy in front of its replicas) that sends the person's access token.</summary>
    public async Task<HttpClient> ClientAsync(string resource, string email, Guid? tenantId = null)
    {
        var tokens = await SignInAsync(email, tenantId: tenantId);
        return WithToken(app.CreateHttpClient(resource), tokens.AccessToken);
    }

    /// <summary>A client for one replica of a project, addressed directly, that sends the person's access token.</summary>
    public async Task<HttpClient> ClientAsync(ResourceEvent replica, string email)
    {
        var tokens = await SignInAsync(email);
        return WithToken(replica.CreateReplicaHttpClient(), tokens.AccessToken);
    }

    public static HttpClient WithToken(HttpClient client, string accessToken)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
