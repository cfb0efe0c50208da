namespace BizOSaaS.Crm.Contracts;

public sealed record ContactRequest([Text(200, Required = true)] string? Name, [Email(Required = false)] string? Email = null, [PhoneNumber] string? Phone = null,
    [Text(200)] string? JobTitle = null, Guid? CompanyId = null, Guid? OwnerId = null);

public sealed record ContactResponse(Guid Id, string Name, string? Email, string? Phone, string? JobTitle, Guid? CompanyId, Guid? OwnerId, string? OwnerName,
    Guid? LeadId, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
