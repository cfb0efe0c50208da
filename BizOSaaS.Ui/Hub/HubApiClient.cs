using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BizOSaaS.Ui.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Ui.Hub;

public sealed record PlanInfo(string Id, string Name, int MaxUsers, int AgentRunsPerMonth, double RateScale, List<string> Features);

public sealed record TenantInfo(Guid Id, string Slug, string Name, string Industry, string Status, DateTimeOffset? TrialEndsAt, PlanInfo Plan, string? Role);

/// <summary>An answer from the hub, or why there is none, so a page can always show something sensible.</summary>
public sealed record HubResult<T>(T? Value, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>Calls the hub's APIs as the signed-in person, with the access token their session carries.</summary>
public sealed class HubApiClient(HttpClient http, AuthenticationStateProvider authentication, ILogger<HubApiClient> logger)
{
    public Task<HubResult<TenantInfo>> GetCurrentTenantAsync(CancellationToken cancellationToken) =>
        GetAsync<TenantInfo>("/api/brain/tenant/current", cancellationToken);

    public Task<HubResult<List<TenantInfo>>> ListTenantsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<TenantInfo>>("/api/brain/tenant/list/all", cancellationToken);

    private async Task<HubResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var token = user.FindFirst(PlatformSignIn.AccessTokenClaim)?.Value;
        if (token is null)
        {
            return new HubResult<T>(default, "You are not signed in.");
        }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return new HubResult<T>(default, "Your session has expired. Reload the page to sign in again.");
            }
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                return new HubResult<T>(default, "Your account does not work in a tenant here. Platform staff use the Admin console.");
            }
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The hub answered {StatusCode} to {Path}", (int)response.StatusCode, path);
                return new HubResult<T>(default, $"The hub answered with an error ({(int)response.StatusCode}).");
            }
            return new HubResult<T>(await response.Content.ReadFromJsonAsync<T>(cancellationToken), null);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("The hub could not be reached for {Path}: {Reason}", path, ex.Message);
            return new HubResult<T>(default, "The hub could not be reached.");
        }
    }
}
