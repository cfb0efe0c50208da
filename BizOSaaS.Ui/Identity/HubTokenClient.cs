using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace BizOSaaS.Ui.Identity;

public sealed record HubTokens(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken);

public sealed record TenantSwitchResult(HubTokens? Tokens, string? Error);

/// <summary>The web app's own calls to the hub's token endpoint, as its confidential client.</summary>
public sealed class HubTokenClient(HttpClient http, PlatformClientIdentity client)
{
    public const string TenantSwitchPath = "/api/brain/tenant/switch";

    public async Task<TenantSwitchResult> SwitchTenantAsync(string refreshToken, Guid tenantId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(TenantSwitchPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
            ["tenant_id"] = tenantId.ToString(),
        }), cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new TenantSwitchResult(await response.Content.ReadFromJsonAsync<HubTokens>(cancellationToken), null);
        }
        var problem = await response.Content.ReadFromJsonAsync<ErrorBody>(cancellationToken);
        return new TenantSwitchResult(null, problem?.Detail ?? problem?.ErrorDescription ?? $"The hub answered {(int)response.StatusCode}.");
    }

    private sealed record ErrorBody(
        [property: JsonPropertyName("detail")] string? Detail,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);
}

/// <summary>Who this web app is to the hub: its client id and secret.</summary>
public sealed record PlatformClientIdentity(string ClientId, string ClientSecret);
