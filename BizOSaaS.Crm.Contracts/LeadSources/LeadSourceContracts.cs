namespace BizOSaaS.Crm.Contracts;

public sealed record LeadSourceRequest(string? Key, string? Label);

public sealed record LeadSourceResponse(Guid Id, string Key, string Label, long Leads);
