namespace BizOSaaS.Hub.Contracts;

/// <summary>One entry of the audit log (<c>GET /api/brain/audit</c>).</summary>
public sealed record AuditEventResponse(Guid Id, Guid? TenantId, DateTimeOffset OccurredAt, string Type, string? ActorEmail, string? SubjectEmail,
    string Detail, string? IpAddress);
