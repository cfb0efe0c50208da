using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BizOSaaS.Hub.Identity;

/// <summary>
/// Registers the platform's own OpenID Connect clients on start, in every environment: Portal and Admin
/// (confidential, authorization code + PKCE, refresh, revocation), the services (client credentials), and in
/// Development only the public <c>bizosaas-cli</c> client with the password grant for scripts and benchmarks.
/// Addresses and secrets come from configuration (<c>Identity:Clients:{name}:Origin|Secret</c>), set by the AppHost.
/// </summary>
public sealed class OidcClients(IServiceProvider services, IConfiguration configuration, IHostEnvironment environment, ILogger<OidcClients> logger)
    : IHostedService
{
    public const string Portal = "portal";
    public const string Admin = "admin";
    public const string Services = "bizosaas-services";
    public const string Cli = "bizosaas-cli";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();

        foreach (var (clientId, displayName) in new[] { (Portal, "BizOSaaS Portal"), (Admin, "BizOSaaS Admin") })
        {
            var origin = configuration[$"Identity:Clients:{clientId}:Origin"]?.TrimEnd('/');
            var secret = configuration[$"Identity:Clients:{clientId}:Secret"];
            if (origin is null || secret is null)
            {
                logger.LogWarning("The {Client} client is not registered: Identity:Clients:{Client}:Origin and :Secret are not both set.", clientId, clientId);
                continue;
            }
            var web = new OpenIddictApplicationDescriptor
            {
                ClientId = clientId,
                ClientSecret = secret,
                ClientType = ClientTypes.Confidential,
                ConsentType = ConsentTypes.Implicit,
                DisplayName = displayName,
                RedirectUris = { new Uri(origin + "/signin-oidc") },
                PostLogoutRedirectUris = { new Uri(origin + "/signout-callback-oidc") },
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession, Permissions.Endpoints.Revocation,
                    Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Email, Permissions.Scopes.Profile, Permissions.Scopes.Roles,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            };
            if (clientId == Portal)
            {
                // The Portal's storefront acts for a tenant's anonymous shoppers (role storefront, see ConnectApi).
                web.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
            }
            await RegisterAsync(applications, web, cancellationToken);
        }

        if (configuration[$"Identity:Clients:{Services}:Secret"] is { Length: > 0 } servicesSecret)
        {
            await RegisterAsync(applications, new OpenIddictApplicationDescriptor
            {
                ClientId = Services,
                ClientSecret = servicesSecret,
                ClientType = ClientTypes.Confidential,
                DisplayName = "BizOSaaS services",
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            }, cancellationToken);
        }

        if (environment.IsDevelopment())
        {
            await RegisterAsync(applications, new OpenIddictApplicationDescriptor
            {
                ClientId = Cli,
                ClientType = ClientTypes.Public,
                DisplayName = "BizOSaaS CLI (Development only)",
                Permissions =
                {
                    Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.GrantTypes.Password, Permissions.GrantTypes.RefreshToken,
                    Permissions.Scopes.Email, Permissions.Scopes.Profile, Permissions.Scopes.Roles,
                },
            }, cancellationToken);
        }
        else if (await applications.FindByClientIdAsync(Cli, cancellationToken) is { } cli)
        {
            await applications.DeleteAsync(cli, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task RegisterAsync(IOpenIddictApplicationManager applications, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
            return;
        }
        try
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        catch (Exception)
        {
            // Another hub replica may have registered it at the same moment; anything else is a real failure.
            if (await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken) is null)
            {
                throw;
            }
        }
    }
}
