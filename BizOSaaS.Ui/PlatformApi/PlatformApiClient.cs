using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BizOSaaS.Ui.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Ui.PlatformApi;

/// <summary>An answer from the hub, or why there is none, so a page can always show something sensible.
/// <see cref="FieldErrors"/> holds a 400's validation errors by field, for forms to show beside their inputs.</summary>
public sealed record ApiResult<T>(T? Value, string? Error, int Status = 200, IReadOnlyDictionary<string, string[]>? FieldErrors = null)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Calls the hub's APIs (its own and, through the gateway, every service's at <c>/api/brain/{service}/...</c>)
/// as the signed-in person, with the access token their session carries. Errors come back as sentences a
/// person can act on, never as exceptions.
/// </summary>
public sealed class PlatformApiClient(HttpClient http, AuthenticationStateProvider authentication, ILogger<PlatformApiClient> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<TenantResponse>> GetCurrentTenantAsync(CancellationToken cancellationToken) =>
        GetAsync<TenantResponse>("/api/brain/tenant/current", cancellationToken);

    public Task<ApiResult<List<TenantResponse>>> ListTenantsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<TenantResponse>>("/api/brain/tenant/list/all", cancellationToken);

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>Sends <paramref name="body"/> as JSON (or as it is, when it is already <see cref="HttpContent"/>).</summary>
    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var token = user.FindFirst(PlatformSignIn.AccessTokenClaim)?.Value;
        if (token is null)
        {
            return new ApiResult<T>(default, "You are not signed in.", 401);
        }
        return await SendAsAsync<T>(token, method, path, body, cancellationToken);
    }

    /// <summary>The same call with another access token than the signed-in person's (the storefront's for its shoppers),
    /// or none for an anonymous endpoint.</summary>
    public async Task<ApiResult<T>> SendAsAsync<T>(string? token, HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        try
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            foreach (var (name, value) in headers ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            request.Content = body switch
            {
                null => null,
                HttpContent content => content,
                _ => JsonContent.Create(body, body.GetType(), options: Json),
            };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var value = response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0 || typeof(T) == typeof(Unit)
                    ? default
                    : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                return new ApiResult<T>(value, null, (int)response.StatusCode);
            }
            var problem = await ReadProblemAsync(response, cancellationToken);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                logger.LogWarning("The hub answered {StatusCode} to {Method} {Path}", status, method, path);
            }
            return new ApiResult<T>(default, Explain(response.StatusCode, problem), status, problem?.Errors);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("The hub could not be reached for {Path}: {Reason}", path, ex.Message);
            return new ApiResult<T>(default, "The hub could not be reached. Try again in a moment.", 503);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("The hub's answer to {Path} could not be read: {Reason}", path, ex.Message);
            return new ApiResult<T>(default, "The hub's answer could not be read.", 502);
        }
    }

    private static string Explain(HttpStatusCode status, Problem? problem) => status switch
    {
        HttpStatusCode.Unauthorized => "Your session has expired. Reload the page to sign in again.",
        HttpStatusCode.Forbidden => problem?.Detail ?? "You are not allowed to do that here.",
        HttpStatusCode.TooManyRequests => "Too many requests: wait a moment and try again.",
        HttpStatusCode.BadRequest when problem?.Errors is { Count: > 0 } => "Some fields need attention.",
        _ when problem?.Detail is { Length: > 0 } detail => detail,
        _ when problem?.Title is { Length: > 0 } title => title,
        _ when (int)status >= 500 => $"The platform could not do that right now ({(int)status}). Try again in a moment.",
        _ => $"The hub answered with an error ({(int)status}).",
    };

    private static async Task<Problem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }
        try
        {
            return await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Problem(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}

/// <summary>For calls whose answer has no body worth reading.</summary>
public readonly record struct Unit;
