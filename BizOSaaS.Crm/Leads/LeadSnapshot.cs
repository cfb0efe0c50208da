namespace BizOSaaS.Crm.Leads;

/// <summary>What a lead's audit trail records: the fields a person can change.</summary>
public sealed record LeadSnapshot(string Name, string Email, string? Phone, string? Company, string? JobTitle, string? Industry,
    int? CompanySize, string? Source, string Status, Guid? OwnerId, string? OwnerName, IReadOnlyList<string> Tags, DateTimeOffset? NextFollowUpAt)
{
    public static LeadSnapshot Of(Lead e) => new(e.Name, e.Email, e.Phone, e.Company, e.JobTitle, e.Industry, e.CompanySize, e.Source,
        e.Status, e.OwnerId, e.OwnerName, [.. e.Tags], e.NextFollowUpAt);
}
