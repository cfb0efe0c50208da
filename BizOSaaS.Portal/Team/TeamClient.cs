using BizOSaaS.Ui.PlatformApi;

namespace BizOSaaS.Portal.Team;

public sealed record MemberItem(Guid UserId, string Email, string DisplayName, string Role, DateTimeOffset JoinedAt);

public sealed record MembersResult(Guid TenantId, string Plan, int MaxUsers, int SeatsLeft, List<MemberItem> Members);

public sealed record AuditEventItem(Guid Id, Guid? TenantId, DateTimeOffset OccurredAt, string Type, string? ActorEmail, string? SubjectEmail, string Detail, string? IpAddress);

/// <summary>The hub's members and audit APIs for a tenant admin.</summary>
public sealed class TeamClient(PlatformApiClient hub)
{
    public Task<ApiResult<MembersResult>> MembersAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<MembersResult>("/api/brain/tenant/members", cancellationToken);

    public Task<ApiResult<MemberItem>> AddAsync(string email, string? displayName, string role, string? password, CancellationToken cancellationToken) =>
        hub.SendAsync<MemberItem>(HttpMethod.Post, "/api/brain/tenant/members", new { email, displayName, role, password }, cancellationToken);

    public Task<ApiResult<MemberItem>> ChangeRoleAsync(Guid userId, string role, CancellationToken cancellationToken) =>
        hub.SendAsync<MemberItem>(HttpMethod.Put, $"/api/brain/tenant/members/{userId}", new { role }, cancellationToken);

    public Task<ApiResult<Unit>> RemoveAsync(Guid userId, CancellationToken cancellationToken) =>
        hub.SendAsync<Unit>(HttpMethod.Delete, $"/api/brain/tenant/members/{userId}", null, cancellationToken);

    public Task<ApiResult<List<AuditEventItem>>> AuditAsync(string? type, int limit, CancellationToken cancellationToken) =>
        hub.GetAsync<List<AuditEventItem>>($"/api/brain/audit?limit={limit}" + (string.IsNullOrEmpty(type) ? "" : $"&type={Uri.EscapeDataString(type)}"), cancellationToken);
}
