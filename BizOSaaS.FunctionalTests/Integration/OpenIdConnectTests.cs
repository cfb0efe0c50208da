using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Web;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>The hub as an OpenID Connect server, checked by a real OIDC client library (Duende.IdentityModel).</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class OpenIdConnectTests(PlatformFixture platform)
{
    private const string Scopes = "openid profile email roles offline_access";

    private Uri HubAddress => platform.App.CreateHttpClient("hub").BaseAddress!;

    [Fact]
    public async Task Discovery_document_passes_the_client_librarys_validation()
    {
        using var http = new HttpClient();
        var discovery = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = HubAddress.ToString(),
            // The library checks the issuer, that every endpoint lives under it, and the key set; only https is relaxed.
            Policy = { RequireHttps = false },
        });

        Assert.False(discovery.IsError, discovery.Error);
        Assert.Equal(HubAddress.ToString(), discovery.Issuer);
        Assert.NotEmpty(discovery.KeySet!.Keys);
        Assert.Contains("authorization_code", discovery.GrantTypesSupported);
        Assert.Contains("S256", discovery.CodeChallengeMethodsSupported);
    }

    [Fact]
    public async Task Portal_client_completes_authorization_code_with_PKCE_then_refresh()
    {
        using var http = new HttpClient();
        var discovery = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest { Address = HubAddress.ToString(), Policy = { RequireHttps = false } });
        var portal = platform.App.CreateHttpClient("portal").BaseAddress!.ToString().TrimEnd('/');
        var secret = await platform.SecretAsync("portal-client-secret");
        var redirectUri = portal + "/signin-oidc";
        var verifier = CryptoRandom.CreateUniqueId(32);
        var challenge = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        var authorizeUrl = new RequestUrl(discovery.AuthorizeEndpoint!).CreateAuthorizeUrl(
            clientId: "portal", responseType: "code", scope: Scopes, redirectUri: redirectUri, state: "state-1",
            codeChallenge: challenge, codeChallengeMethod: "S256");
        var code = await SignInAtTheHubAsync(authorizeUrl, "admin@coreldove.dev", redirectUri);
        Task<Duende.IdentityModel.Client.TokenResponse> RedeemAsync(string code, string verifier) => http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = "portal",
            ClientSecret = secret,
            Code = code,
            RedirectUri = redirectUri,
            CodeVerifier = verifier,
        });

        var tokens = await RedeemAsync(code, verifier);
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        var access = new JsonWebToken(tokens.AccessToken);
        Assert.Equal(PlatformTokens.CorelDove.ToString(), access.GetClaim("tenant_id").Value);
        Assert.Equal("tenant_admin", access.GetClaim("role").Value);
        Assert.Equal("enterprise", access.GetClaim("plan").Value);
        Assert.NotNull(tokens.IdentityToken);

        var refreshed = await http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = "portal",
            ClientSecret = secret,
            RefreshToken = tokens.RefreshToken!,
        });
        Assert.False(refreshed.IsError, refreshed.Error + " " + refreshed.ErrorDescription);
        Assert.Equal(PlatformTokens.CorelDove.ToString(), new JsonWebToken(refreshed.AccessToken).GetClaim("tenant_id").Value);

        // The same code twice is refused: codes are single-use (and the tokens it gave are revoked).
        var replay = await RedeemAsync(code, verifier);
        Assert.True(replay.IsError);

        // A wrong verifier is refused, so the code is bound to the one who asked for it.
        var otherCode = await SignInAtTheHubAsync(authorizeUrl, "admin@coreldove.dev", redirectUri);
        var stolen = await RedeemAsync(otherCode, CryptoRandom.CreateUniqueId(32));
        Assert.True(stolen.IsError);
    }

    [Fact]
    public async Task Services_client_gets_a_client_credentials_token_that_the_services_accept_but_that_acts_for_no_tenant()
    {
        using var http = new HttpClient();
        var discovery = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest { Address = HubAddress.ToString(), Policy = { RequireHttps = false } });

        var tokens = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = "bizosaas-services",
            ClientSecret = await platform.SecretAsync("services-client-secret"),
        });
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);

        using var crm = PlatformTokens.WithToken(platform.App.CreateHttpClient("crm"), tokens.AccessToken!);
        // Authenticated (not 401), but tenant data needs a tenant: 403.
        Assert.Equal(HttpStatusCode.Forbidden, (await crm.GetAsync("/api/leads")).StatusCode);

        var wrongSecret = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = "bizosaas-services",
            ClientSecret = "not-the-secret",
        });
        Assert.True(wrongSecret.IsError);
    }

    [Fact]
    public async Task Services_client_acts_for_one_open_tenant_when_it_names_it_and_no_other_client_can()
    {
        using var http = new HttpClient();
        var discovery = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest { Address = HubAddress.ToString(), Policy = { RequireHttps = false } });
        Task<Duende.IdentityModel.Client.TokenResponse> RequestAsync(string clientId, string? secret, Guid tenant) =>
            http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
            {
                Address = discovery.TokenEndpoint,
                ClientId = clientId,
                ClientSecret = secret,
                Parameters = { { "tenant_id", tenant.ToString() } },
            });
        var secret = await platform.SecretAsync("services-client-secret");

        var tokens = await RequestAsync("bizosaas-services", secret, PlatformTokens.ThrillRing);
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        var access = new JsonWebToken(tokens.AccessToken);
        Assert.Equal(PlatformTokens.ThrillRing.ToString(), access.GetClaim("tenant_id").Value);
        Assert.Equal("service", access.GetClaim("role").Value);
        Assert.Equal("bizosaas-services", access.Subject);

        // The token reads that tenant's data and no other's: a lead of ThrillRing is found, one of CorelDove is not.
        using var thrillRing = await platform.Tokens.ClientAsync("crm", "admin@thrillring.dev");
        var own = await thrillRing.PostAsJsonAsync("/api/leads", new { name = "Service Reader", email = $"svc-{Guid.NewGuid():N}@thrillring.example" });
        own.EnsureSuccessStatusCode();
        using var corelDove = await platform.Tokens.ClientAsync("crm", "admin@coreldove.dev");
        var other = await corelDove.PostAsJsonAsync("/api/leads", new { name = "Not Yours", email = $"svc-{Guid.NewGuid():N}@coreldove.example" });
        other.EnsureSuccessStatusCode();
        using var service = PlatformTokens.WithToken(platform.App.CreateHttpClient("crm"), tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync(own.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.GetAsync(other.Headers.Location)).StatusCode);

        // An unknown tenant, a wrong secret and the public CLI client are all refused.
        Assert.True((await RequestAsync("bizosaas-services", secret, Guid.NewGuid())).IsError);
        Assert.True((await RequestAsync("bizosaas-services", "not-the-secret", PlatformTokens.ThrillRing)).IsError);
        Assert.True((await RequestAsync("bizosaas-cli", null, PlatformTokens.ThrillRing)).IsError);
    }

    [Fact]
    public async Task A_token_issued_before_the_hub_restarts_is_still_valid_after_it()
    {
        var tokens = await platform.Tokens.SignInAsync("admin@bizoholic.dev");
        var pid = platform.Kill("hub");
        await platform.WaitUntilRestartedAsync("hub", 0, pid);

        using var client = PlatformTokens.WithToken(platform.App.CreateHttpClient("hub"), tokens.AccessToken);
        var current = await client.GetFromJsonAsync<TenantSummary>("/api/brain/tenant/current");
        Assert.Equal("Bizoholic", current!.Name);
        // New tokens are signed with the same key, so the services' cached key set still verifies them.
        var fresh = await platform.Tokens.RequestTokenAsync("admin@bizoholic.dev", PlatformTokens.Password);
        Assert.True(fresh.IsSuccessStatusCode);
        var freshToken = (await fresh.Content.ReadFromJsonAsync<TestSupport.TokenResponse>())!.AccessToken;
        Assert.Equal(new JsonWebToken(tokens.AccessToken).Kid, new JsonWebToken(freshToken).Kid);
    }

    /// <summary>Plays the browser: authorize, the hub's sign-in form (with its antiforgery token), and back.</summary>
    private async Task<string> SignInAtTheHubAsync(string authorizeUrl, string email, string redirectUri)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = HubAddress };

        var toLogin = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        var loginPage = await browser.GetStringAsync(toLogin.Headers.Location);
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HiddenField().Match(loginPage) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : "",
            ["returnUrl"] = WebUtility.HtmlDecode(ReturnUrlField().Match(loginPage).Groups[1].Value),
            ["email"] = email,
            ["password"] = PlatformTokens.Password,
        };
        var signedIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var back = await browser.GetAsync(signedIn.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.StartsWith(redirectUri, callback.ToString());
        return HttpUtility.ParseQueryString(callback.Query)["code"]!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex HiddenField();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();

    private sealed record TenantSummary(Guid Id, string Name);
}
