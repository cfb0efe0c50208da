namespace BizOSaaS.Crm.Companies;

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
