using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BizOSaaS.Platform.Identity;

/// <summary>Sends the caller's own bearer token on a call to another platform service, so that service
/// sees the same user and tenant and its row-level security scopes the answer the same way.</summary>
public sealed class CallerTokenHandler(IHttpContextAccessor http) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null
            && http.HttpContext?.Request.Headers.Authorization.ToString() is { Length: > 0 } header
            && AuthenticationHeaderValue.TryParse(header, out var value)
            && string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Authorization = value;
        }
        return base.SendAsync(request, cancellationToken);
    }
}

public static class CallerTokenExtensions
{
    /// <summary>Opt-in per client: only calls to the platform's own services may carry a user's token.</summary>
    public static IHttpClientBuilder AddCallerToken(this IHttpClientBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<CallerTokenHandler>();
        return builder.AddHttpMessageHandler<CallerTokenHandler>();
    }
}
