namespace BizOSaaS.Crm.Contacts;

public sealed record ContactRequest(string? Name, string? Email = null, string? Phone = null, string? JobTitle = null, Guid? CompanyId = null, Guid? OwnerId = null);

public sealed record ContactResponse(Guid Id, string Name, string? Email, string? Phone, string? JobTitle, Guid? CompanyId, Guid? OwnerId, string? OwnerName,
    Guid? LeadId, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ContactResponse From(Contact c) => new(c.Id, c.Name, c.Email, c.Phone, c.JobTitle, c.CompanyId, c.OwnerId, c.OwnerName, c.LeadId, c.IsDemo, c.CreatedAt, c.UpdatedAt);
}
