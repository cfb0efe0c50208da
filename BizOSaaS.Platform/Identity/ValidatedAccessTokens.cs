using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;

namespace BizOSaaS.Platform.Identity;

/// <summary>
/// The access tokens this process has validated (signature, issuer, audience, lifetime) with the principal each
/// gave, so that the next request with the same token skips parsing and the signature check (ADR 25). What can
/// change for the same bytes is still checked on every request: an entry lasts until the token expires (with the
/// validation's clock skew) and at most <see cref="MaxAge"/>, and revocation is checked by the caller on every hit.
/// </summary>
public sealed class ValidatedAccessTokens : IDisposable
{
    /// <summary>How long a validated token is trusted without its signature being checked again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Tokens held at most; beyond that, new ones are validated in full and not held.</summary>
    public const int Capacity = 10_000;

    private readonly MemoryCache _tokens = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        principal = _tokens.Get<ClaimsPrincipal>(token)!;
        return principal is not null;
    }

    /// <summary>Holds <paramref name="principal"/>, from a token valid until <paramref name="validTo"/> (UTC).</summary>
    public void Add(string token, ClaimsPrincipal principal, DateTime validTo, TimeSpan clockSkew)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc)) + clockSkew;
        if (expires <= now)
        {
            return;
        }
        _tokens.Set(token, principal, new MemoryCacheEntryOptions
        {
            AbsoluteExpiration = expires < now + MaxAge ? expires : now + MaxAge,
            Size = 1,
        });
    }

    public void Dispose() => _tokens.Dispose();
}
