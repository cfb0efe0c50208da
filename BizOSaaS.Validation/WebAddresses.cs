namespace BizOSaaS.Validation;

public static class WebAddresses
{
    /// <summary>An absolute http or https address (images, supplier websites and documents).</summary>
    public static bool IsHttp(string address) => Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
