using System.Security.Claims;
using BizOSaaS.Platform.Identity;

namespace BizOSaaS.UnitTests;

/// <summary>A validated token is held until it expires (with the validation's clock skew), never beyond.</summary>
public sealed class ValidatedAccessTokensTests
{
    private static readonly ClaimsPrincipal Principal = new(new ClaimsIdentity([new Claim("sub", "someone")], "test"));

    [Fact]
    public void A_token_is_held_until_it_expires_and_not_after()
    {
        using var tokens = new ValidatedAccessTokens();
        tokens.Add("token", Principal, DateTime.UtcNow.AddMilliseconds(300), TimeSpan.Zero);

        Assert.True(tokens.TryGet("token", out var held));
        Assert.Same(Principal, held);
        Thread.Sleep(600);
        Assert.False(tokens.TryGet("token", out _));
    }

    [Fact]
    public void An_expired_token_is_not_held_and_the_clock_skew_counts()
    {
        using var tokens = new ValidatedAccessTokens();
        tokens.Add("expired", Principal, DateTime.UtcNow.AddMinutes(-1), TimeSpan.Zero);
        tokens.Add("within-skew", Principal, DateTime.UtcNow.AddMinutes(-1), TimeSpan.FromMinutes(5));

        Assert.False(tokens.TryGet("expired", out _));
        Assert.True(tokens.TryGet("within-skew", out _));
        Assert.False(tokens.TryGet("never-seen", out _));
    }
}
