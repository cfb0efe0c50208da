namespace BizOSaaS.Crm.Contracts;

public sealed record ContactRequest(string? Name, string? Email = null, string? Phone = null, string? JobTitle = null, Guid? CompanyId = null, Guid? OwnerId = null);

public sealed record ContactResponse(Guid Id, string Name, string? Email, string? Phone, string? JobTitle, Guid? CompanyId, Guid? OwnerId, string? OwnerName,
    Guid? LeadId, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
