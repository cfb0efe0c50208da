using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.SignalR;

namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// Live queue changes (<c>/hubs/approvals</c>): every connection joins the group of its token's tenant and
/// receives <c>queueChanged</c> messages (<see cref="ApprovalChange"/>) for that tenant only; clients reload what
/// changed through the API. The Redis backplane carries messages across hub replicas.
/// </summary>
public sealed class ApprovalsLiveHub : Microsoft.AspNetCore.SignalR.Hub
{
    public const string Path = "/hubs/approvals";
    public const string QueueChanged = "queueChanged";

    public static string TenantGroup(Guid tenantId) => $"tenant:{tenantId:D}";

    public override async Task OnConnectedAsync()
    {
        // The endpoint requires a tenant in the token (PlatformPolicies.TenantUser).
        await Groups.AddToGroupAsync(Context.ConnectionId, TenantGroup(Context.User!.TenantId()!.Value));
        await base.OnConnectedAsync();
    }

    /// <summary>The tenant whose changes this connection receives. Answered only once the connection has joined
    /// that tenant's group, so a client holding the answer misses no change made after it.</summary>
    public Guid Tenant() => Context.User!.TenantId()!.Value;
}

/// <summary>Pushes a committed change to the tenant's group. Best effort: the queue in PostgreSQL is the truth,
/// and a client that missed a message (Redis away, a reconnect) reloads the queue.</summary>
public sealed class ApprovalNotifications(IHubContext<ApprovalsLiveHub> hub, ILogger<ApprovalNotifications> logger)
{
    public async Task PublishAsync(ApprovalRequest request, string kind, DateTimeOffset at)
    {
        var change = new ApprovalChange(kind, request.Id, request.TenantId, request.Type, request.Priority.Name(), request.Status, request.AssigneeEmail, at);
        try
        {
            await hub.Clients.Group(ApprovalsLiveHub.TenantGroup(request.TenantId)).SendAsync(ApprovalsLiveHub.QueueChanged, change);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not push the {Kind} change of request {RequestId}; connected clients see it when they reload.", kind, request.Id);
        }
    }
}
