using BizOSaaS.ServiceDefaults.Discovery;
using BizOSaaS.Ui.Identity;
using BizOSaaS.Ui.PlatformStatus;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.ServiceDiscovery;

namespace BizOSaaS.Portal.Approvals;

/// <summary>
/// The hub's live approval feed (SignalR, <c>/hubs/approvals</c>) for one page: the Portal's server connects as
/// the signed-in person, so the hub puts the connection in that person's tenant group and pushes only that
/// tenant's queue changes. The page reloads its queue when told.
/// </summary>
public sealed class ApprovalsLiveFeed(AuthenticationStateProvider authentication, ServiceEndpointResolver endpoints, ILogger<ApprovalsLiveFeed> logger) : IAsyncDisposable
{
    public const string HubPath = "/hubs/approvals";
    private HubConnection? _connection;

    public bool Connected => _connection?.State == HubConnectionState.Connected;

    public async Task StartAsync(Func<Task> onQueueChanged, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var token = user.FindFirst(PlatformSignIn.AccessTokenClaim)?.Value;
        if (token is null || _connection is not null)
        {
            return;
        }
        try
        {
            var hub = await HubAddressAsync(cancellationToken);
            _connection = new HubConnectionBuilder()
                .WithUrl(new Uri(hub, HubPath), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .WithAutomaticReconnect()
                .Build();
            _connection.On<object>("queueChanged", _ => onQueueChanged());
            await _connection.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            // The page still works without live updates; it says so.
            logger.LogWarning("The approvals feed could not connect: {Reason}", ex.Message);
        }
    }

    /// <summary>SignalR's client takes a real address, so <c>http://hub</c> is resolved through service discovery first.</summary>
    private async Task<Uri> HubAddressAsync(CancellationToken cancellationToken) =>
        (await endpoints.AddressesAsync(HubStatusClient.HubAddress.Host, cancellationToken)).Select(a => new Uri(a)).FirstOrDefault()
            ?? throw new InvalidOperationException("Service discovery knows no address of the hub.");

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
