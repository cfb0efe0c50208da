using BizOSaaS.Platform.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BizOSaaS.Hub.Identity;

/// <summary>
/// The revocation endpoint (<c>POST /connect/revoke</c>, RFC 7009) for access tokens: before OpenIddict marks the
/// token's entry revoked in hubdb, the revocation is recorded in Redis and announced to every service
/// (<see cref="RevokedAccessTokens"/>, ADR 24). When Redis cannot take it the request is refused and nothing changes,
/// so an acknowledged revocation is one every service hears of.
/// </summary>
public sealed class AccessTokenRevocation(RevokedAccessTokens revoked, ILogger<AccessTokenRevocation> logger)
    : IOpenIddictServerHandler<OpenIddictServerEvents.HandleRevocationRequestContext>
{
    public const string Path = "/connect/revoke";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.HandleRevocationRequestContext>()
            .UseSingletonHandler<AccessTokenRevocation>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(OpenIddictServerEvents.HandleRevocationRequestContext context)
    {
        if (context.GenericTokenPrincipal is not { } principal
            || !principal.HasTokenType(TokenTypeIdentifiers.AccessToken)
            || principal.GetTokenId() is not { Length: > 0 } tokenId
            || principal.GetExpirationDate() is not { } expiresAt)
        {
            return;
        }
        try
        {
            await revoked.RevokeAsync(tokenId, expiresAt, context.CancellationToken);
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            logger.LogWarning("Access token {TokenId} was not revoked: the services cannot be told ({Reason}).", tokenId, exception.Message);
            context.Reject(Errors.TemporarilyUnavailable, "The revocation cannot be passed on to the services right now. Try again shortly.");
        }
    }
}

/// <summary>The hub's own token validation (its APIs and the gateway) refuses revoked access tokens, as the services do.</summary>
public sealed class RevokedAccessTokenRefusal(RevokedAccessTokens revoked) : IOpenIddictValidationHandler<OpenIddictValidationEvents.ValidateTokenContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<OpenIddictValidationEvents.ValidateTokenContext>()
            .UseSingletonHandler<RevokedAccessTokenRefusal>()
            .SetOrder(OpenIddictValidationHandlers.Protection.ValidateExpirationDate.Descriptor.Order + 500)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddictValidationEvents.ValidateTokenContext context)
    {
        if (context.Principal is { } principal && principal.HasTokenType(TokenTypeIdentifiers.AccessToken) && revoked.IsRevoked(principal.GetTokenId()))
        {
            context.Reject(Errors.InvalidToken, "The access token was revoked.");
        }
        return default;
    }
}
