namespace BizOSaaS.Crm.Contracts;

public sealed record CompanyRequest([Text(200, Required = true)] string? Name, string? Domain = null, [Text(100)] string? Industry = null,
    [Between(1, 10_000_000)] int? Size = null);

public sealed record CompanyResponse(Guid Id, string Name, string? Domain, string? Industry, int? Size, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
