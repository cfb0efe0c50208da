namespace BizOSaaS.Crm.Contracts;

public sealed record ActivityRequest([OneOf(ActivityKinds.Note, ActivityKinds.Call, ActivityKinds.Email, ActivityKinds.Meeting, ActivityKinds.Task, Required = true)] string? Kind,
    [Text(200, Required = true)] string? Subject, [Text(5000)] string? Body = null, DateTimeOffset? OccurredAt = null, DateTimeOffset? DueAt = null,
    bool? Done = null, Guid? LeadId = null, Guid? ContactId = null, Guid? CompanyId = null, Guid? DealId = null);

public sealed record ActivityResponse(Guid Id, string Kind, string Subject, string? Body, DateTimeOffset OccurredAt, DateTimeOffset? DueAt, bool Done,
    Guid? LeadId, Guid? ContactId, Guid? CompanyId, Guid? DealId, Guid? CreatedById, string? CreatedByName, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
