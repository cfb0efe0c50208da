namespace BizOSaaS.Hub.Contracts;

public sealed record PlanResponse(string Id, string Name, int MaxUsers, int AgentRunsPerMonth, double RateScale, IReadOnlyList<string> Features);

public sealed record TenantResponse(Guid Id, string Slug, string Name, string Industry, string Status, DateTimeOffset? TrialEndsAt,
    PlanResponse Plan, string? Role);

public sealed record TenantStatsResponse(Guid TenantId, string Name, int Members, int TenantAdmins, int MaxUsers, int SeatsLeft,
    int AgentRunsPerMonth, int SignInsLast30Days, int FailedSignInsLast30Days, long? Leads);

public sealed record TenantStatusRequest(string? Status, DateTimeOffset? TrialEndsAt);

public sealed record TenantPlanRequest(string? PlanId);

public sealed record MemberResponse(Guid UserId, string Email, string DisplayName, string Role, DateTimeOffset JoinedAt);

public sealed record PersonResponse(Guid UserId, string DisplayName, string Email, string Role);

public sealed record MembersResponse(Guid TenantId, string Plan, int MaxUsers, int SeatsLeft, IReadOnlyList<MemberResponse> Members);

public sealed record AddMemberRequest(string? Email, string? DisplayName, string? Role, string? Password);

public sealed record ChangeRoleRequest(string? Role);

/// <summary>A tenant's public shop: what the storefront needs to act for its shoppers, nothing more.</summary>
public sealed record ShopResponse(Guid TenantId, string Slug, string Name);
