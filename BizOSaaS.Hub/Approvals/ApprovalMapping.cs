namespace BizOSaaS.Hub.Approvals;

/// <summary>The approval contracts (BizOSaaS.Hub.Contracts) made from the hub's entities.</summary>
public static class ApprovalMapping
{
    extension(ApprovalResponse)
    {
        public static ApprovalResponse From(ApprovalRequest r) => new(
            r.Id, r.Type, r.Priority.Name(), r.Status, r.Title, r.Summary, ApprovalResponse.ParsePayload(r.Payload), r.OriginService, r.CallbackPath,
            new ApprovalRequesterResponse(r.RequestedByUserId, r.RequestedByEmail, r.RequestedByClient, r.RequestedByAgent),
            r.CandidateRoles, r.AssigneeUserId, r.AssigneeEmail, r.CreatedAt, r.DueAt, r.ExpiresAt, r.EscalatedAt,
            r.DecidedBy, r.DecidedAt, r.DecisionComment, r.IdempotencyKey);
    }

    extension(ApprovalTypeResponse)
    {
        public static ApprovalTypeResponse From(ApprovalType t) =>
            new(t.Name, t.DisplayName, t.ExpiryPolicy, t.ExpiresAfter.TotalHours, t.CandidateRoles, t.BuiltIn);
    }
}
