namespace BizOSaaS.Crm.Companies;

public sealed record CompanyRequest(string? Name, string? Domain = null, string? Industry = null, int? Size = null);

public sealed record CompanyResponse(Guid Id, string Name, string? Domain, string? Industry, int? Size, bool IsDemo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CompanyResponse From(Company c) => new(c.Id, c.Name, c.Domain, c.Industry, c.Size, c.IsDemo, c.CreatedAt, c.UpdatedAt);
}

public static class CompanyDomains
{
    /// <summary>"https://www.Example.com/about" → "example.com"; null when it is not a host name.</summary>
    public static string? Normalize(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return null;
        }
        var text = domain.Trim().ToLowerInvariant();
        if (!text.Contains("://"))
        {
            text = "http://" + text;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.HostNameType != UriHostNameType.Dns || !uri.Host.Contains('.'))
        {
            return null;
        }
        return uri.Host.StartsWith("www.", StringComparison.Ordinal) ? uri.Host[4..] : uri.Host;
    }
}
