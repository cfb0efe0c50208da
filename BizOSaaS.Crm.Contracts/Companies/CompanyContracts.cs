namespace BizOSaaS.Crm.Contracts;

public sealed record CompanyRequest(string? Name, string? Domain = null, string? Industry = null, int? Size = null);

public sealed record CompanyResponse(Guid Id, string Name, string? Domain, string? Industry, int? Size, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
