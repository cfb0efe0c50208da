using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>
/// What every token check on the request path holds to, through the gateway and direct to each crm replica: signature,
/// audience, lifetime, and revocation at the hub (ADR 24). Tokens with one thing wrong are made here by re-signing a real
/// token's claims with the hub's own signing key; the same re-signing with nothing wrong is accepted, so each refusal
/// is for the one thing changed.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessTokenTests(PlatformFixture platform)
{
    private const string Person = "admin@thrillring.dev";

    [Fact]
    public async Task A_revoked_access_token_is_refused_by_the_gateway_the_hub_and_every_crm_replica_and_other_tokens_still_work()
    {
        var revoked = await SignInAsync();
        var kept = await SignInAsync();
        Assert.All(await StatusesAsync(revoked), s => Assert.Equal(HttpStatusCode.OK, s.Status));

        using (var hub = platform.App.CreateHttpClient("hub"))
        using (var revocation = await hub.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = revoked,
            ["token_type_hint"] = "access_token",
            ["client_id"] = "bizosaas-cli",
        })))
        {
            Assert.Equal(HttpStatusCode.OK, revocation.StatusCode);
        }

        // Announced to every process at once; each refuses it from then on.
        await Eventually.HoldsAsync(async () => (await StatusesAsync(revoked)).All(s => s.Status == HttpStatusCode.Unauthorized),
            "every path refuses the revoked token", TimeSpan.FromSeconds(10));
        Assert.All(await StatusesAsync(kept), s => Assert.Equal(HttpStatusCode.OK, s.Status));
    }

    [Fact]
    public async Task Expired_wrongly_addressed_and_tampered_tokens_are_refused_on_every_path_and_the_same_token_re_signed_intact_is_not()
    {
        var token = await SignInAsync();
        var key = await HubSigningKeyAsync();
        var now = DateTimeOffset.UtcNow;

        var intact = Resign(token, key, _ => { });
        Assert.All(await StatusesAsync(intact), s => Assert.Equal(HttpStatusCode.OK, s.Status));

        // Past the five minutes of clock skew token validation allows.
        var expired = Resign(token, key, claims =>
        {
            claims["iat"] = now.AddMinutes(-40).ToUnixTimeSeconds();
            claims["nbf"] = now.AddMinutes(-40).ToUnixTimeSeconds();
            claims["exp"] = now.AddMinutes(-10).ToUnixTimeSeconds();
        });
        var otherAudience = Resign(token, key, claims => claims["aud"] = "someone-else");
        var parts = intact.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["tenant_id"] = PlatformTokens.CorelDove.ToString();
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";

        foreach (var (what, refused) in new[] { ("expired", expired), ("another audience", otherAudience), ("tampered", tampered) })
        {
            foreach (var (path, status) in await StatusesAsync(refused))
            {
                Assert.True(status == HttpStatusCode.Unauthorized, $"a token with {what} is refused at {path} (got {(int)status})");
            }
        }
    }

    private async Task<string> SignInAsync()
    {
        // A token of its own each time (not the cached one other tests share): one of them gets revoked.
        using var response = await platform.Tokens.RequestTokenAsync(Person, PlatformTokens.Password);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    /// <summary>The answer to one read on each path: the gateway to crm, the hub's own API, and each crm replica directly.</summary>
    private async Task<List<(string Path, HttpStatusCode Status)>> StatusesAsync(string accessToken)
    {
        var results = new List<(string, HttpStatusCode)>();
        using (var hub = PlatformTokens.WithToken(platform.App.CreateHttpClient("hub"), accessToken))
        {
            results.Add(("gateway", (await hub.GetAsync("/api/brain/crm/leads/count")).StatusCode));
            results.Add(("hub", (await hub.GetAsync("/api/brain/tenant/current")).StatusCode));
        }
        foreach (var replica in platform.Resources.Replicas("crm"))
        {
            using var crm = PlatformTokens.WithToken(replica.CreateReplicaHttpClient(), accessToken);
            results.Add(($"crm {replica.ResourceId}", (await crm.GetAsync("/api/leads/count")).StatusCode));
        }
        return results;
    }

    private async Task<(string KeyId, RSA Key)> HubSigningKeyAsync()
    {
        await using var connection = new NpgsqlConnection(platform.App.GetConnectionString("hubdb"));
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT key_id, private_key FROM identity_keys WHERE purpose = 'signing'", connection);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the hub's signing key is in hubdb");
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(reader.GetString(1)), out _);
        return (reader.GetString(0), rsa);
    }

    /// <summary>The token's header and claims, changed by <paramref name="change"/>, signed RS256 with the hub's key.</summary>
    private static string Resign(string token, (string KeyId, RSA Key) key, Action<JsonObject> change)
    {
        var parts = token.Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        Assert.Equal(key.KeyId, header["kid"]?.GetValue<string>());
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        change(claims);
        var signed = $"{parts[0]}.{Base64UrlEncoder.Encode(claims.ToJsonString())}";
        var signature = key.Key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64UrlEncoder.Encode(signature)}";
    }
}
