using BizOSaaS.Ui.PlatformApi;

namespace BizOSaaS.Portal.Team;

/// <summary>The hub's members and audit APIs for a tenant admin.</summary>
public sealed class TeamClient(PlatformApiClient hub)
{
    public Task<ApiResult<MembersResponse>> MembersAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<MembersResponse>("/api/brain/tenant/members", cancellationToken);

    public Task<ApiResult<MemberResponse>> AddAsync(string email, string? displayName, string role, string? password, CancellationToken cancellationToken) =>
        hub.SendAsync<MemberResponse>(HttpMethod.Post, "/api/brain/tenant/members", new AddMemberRequest(email, displayName, role, password), cancellationToken);

    public Task<ApiResult<MemberResponse>> ChangeRoleAsync(Guid userId, string role, CancellationToken cancellationToken) =>
        hub.SendAsync<MemberResponse>(HttpMethod.Put, $"/api/brain/tenant/members/{userId}", new ChangeRoleRequest(role), cancellationToken);

    public Task<ApiResult<Unit>> RemoveAsync(Guid userId, CancellationToken cancellationToken) =>
        hub.SendAsync<Unit>(HttpMethod.Delete, $"/api/brain/tenant/members/{userId}", null, cancellationToken);

    public Task<ApiResult<List<AuditEventResponse>>> AuditAsync(string? type, int limit, CancellationToken cancellationToken) =>
        hub.GetAsync<List<AuditEventResponse>>($"/api/brain/audit?limit={limit}" + (string.IsNullOrEmpty(type) ? "" : $"&type={Uri.EscapeDataString(type)}"), cancellationToken);
}
