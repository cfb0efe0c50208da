using Microsoft.AspNetCore;
using OpenIddict.Validation;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// Browsers cannot set a header on a WebSocket, so SignalR sends the token as <c>access_token</c> in the query
/// string. OpenIddict's own query-string extraction is switched off for the hub (a token in a URL ends up in
/// logs and histories); this handler accepts it on <see cref="ApprovalsLiveHub.Path"/> only, and only when no
/// Authorization header came.
/// </summary>
public sealed class ApprovalsLiveHubAccessToken : IOpenIddictValidationHandler<ProcessAuthenticationContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseSingletonHandler<ApprovalsLiveHubAccessToken>()
            .SetOrder(OpenIddictValidationAspNetCoreHandlers.ExtractAccessTokenFromQueryString.Descriptor.Order + 500)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (!context.ExtractAccessToken || !string.IsNullOrEmpty(context.AccessToken))
        {
            return default;
        }
        var request = context.Transaction.GetHttpRequest();
        if (request is not null && request.Path.StartsWithSegments(ApprovalsLiveHub.Path) && request.Query["access_token"] is [{ Length: > 0 } token])
        {
            context.AccessToken = token;
        }
        return default;
    }
}
