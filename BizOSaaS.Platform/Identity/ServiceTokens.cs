using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using BizOSaaS.Platform.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BizOSaaS.Platform.Identity;

/// <summary>
/// Client-credentials tokens of the platform's services client (<c>bizosaas-services</c>) that act for one
/// tenant: background work (outbox deliveries, callbacks, admin aggregates) has no caller whose token it
/// could pass on, so it asks the hub for a token with <c>tenant_id</c> and the role <c>service</c>.
/// Kept per tenant until a minute before they expire.
/// </summary>
public sealed class ServiceTokens(IHttpClientFactory clients, IConfiguration configuration, TimeProvider clock)
{
    public const string ClientId = "bizosaas-services";
    public const string SecretKey = "Identity:ServiceClient:Secret";

    /// <summary>Another client that may act for a tenant (the Portal, for its storefront); the services client when not set.</summary>
    public const string ClientIdKey = "Identity:ServiceClient:Id";

    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, (string Token, DateTimeOffset RenewAt)> _tokens = new();

    /// <summary>Whether this process has the services client's secret (the AppHost gives it to every service).</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(configuration[SecretKey]);

    public async Task<string> GetAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (_tokens.TryGetValue(tenantId, out var kept) && kept.RenewAt > clock.GetUtcNow())
        {
            return kept.Token;
        }
        var secret = configuration[SecretKey]
            ?? throw new InvalidOperationException($"{SecretKey} is not set, so this service cannot act for a tenant on its own.");
        using var http = clients.CreateClient(nameof(ServiceTokens));
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = configuration[ClientIdKey] ?? ClientId,
            ["client_secret"] = secret,
            ["tenant_id"] = tenantId.ToString(),
        }), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The hub refused a service token for tenant {tenantId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}",
                null, response.StatusCode);
        }
        var body = (await response.Content.ReadFromJsonAsync<TokenBody>(cancellationToken))!;
        var renewAt = clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, body.ExpiresIn)) - RenewBefore;
        _tokens[tenantId] = (body.AccessToken, renewAt);
        return body.AccessToken;
    }

    private sealed record TokenBody(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}

/// <summary>Sends a service token for the tenant of the current <see cref="TenantContext"/>.</summary>
public sealed class ServiceTokenHandler(ServiceTokens tokens, TenantContext tenant) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(tenant.RequiredTenantId, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}

public static class ServiceTokenExtensions
{
    /// <summary>
    /// <see cref="ServiceTokens"/> from the hub's token endpoint (<c>Identity:Authority</c>, by default
    /// <c>http://hub</c> through service discovery) with the secret at <c>Identity:ServiceClient:Secret</c>.
    /// </summary>
    public static IHostApplicationBuilder AddServiceTokens(this IHostApplicationBuilder builder)
    {
        var authority = (builder.Configuration["Identity:Authority"] ?? PlatformAuthenticationExtensions.DefaultAuthority).TrimEnd('/');
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<TenantContext>();
        builder.Services.AddHttpClient(nameof(ServiceTokens), client => client.BaseAddress = new Uri(authority));
        // One instance, so every client shares the tokens it keeps.
        builder.Services.TryAddSingleton<ServiceTokens>();
        return builder;
    }

    /// <summary>Opt-in per client: calls made by this client carry a service token for the current tenant.</summary>
    public static IHttpClientBuilder AddServiceToken(this IHttpClientBuilder builder)
    {
        builder.Services.AddTransient<ServiceTokenHandler>();
        return builder.AddHttpMessageHandler<ServiceTokenHandler>();
    }
}
