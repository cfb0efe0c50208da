using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace BizOSaaS.Commerce.Sourcing;

/// <summary>How the store fetches the feeds tenants point it to (<c>Commerce:SupplierFeeds</c>).</summary>
public sealed class SupplierFeedOptions
{
    /// <summary>Host names that may resolve to a private or loopback address (a development feed on localhost, a test's own
    /// server). Empty in production: every feed comes from the public internet.</summary>
    public string[] AllowedPrivateHosts { get; set; } = [];

    public int MaxBytes { get; set; } = 5_000_000;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Fetches a supplier feed from the address a tenant gave (ADR 30). A tenant's address must never reach what only the
/// platform can reach (its databases, the cloud's metadata service, the other services): every connection, redirects
/// included, is made by <see cref="ConnectAsync"/>, which resolves the host itself and connects only to a public address,
/// so a name that resolves to a private one (DNS rebinding) is refused as well. At most <see cref="SupplierFeedOptions.MaxBytes"/>
/// are read, within <see cref="SupplierFeedOptions.Timeout"/>.
/// </summary>
public sealed class SupplierFeedDownloads(HttpClient http, IOptions<SupplierFeedOptions> options)
{
    public const string HttpClientName = "supplier-feeds";

    /// <summary>The feed's rows, or null with why it could not be fetched or read (for the tenant to act on).</summary>
    public async Task<(SupplierFeedReader.Feed? Feed, string? Problem)> FetchAsync(Uri url, string? format, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"{url.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            var kind = format ?? KindOf(response.Content.Headers.ContentType?.MediaType, url);
            if (kind is null)
            {
                return (null, "Say whether the feed is csv or json (format): neither its content type nor its address tells.");
            }
            if (response.Content.Headers.ContentLength > options.Value.MaxBytes)
            {
                return (null, TooLarge(options.Value.MaxBytes));
            }
            var body = new MemoryStream();
            await using (var stream = await response.Content.ReadAsStreamAsync(timeout.Token))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    if (body.Length + read > options.Value.MaxBytes)
                    {
                        return (null, TooLarge(options.Value.MaxBytes));
                    }
                    body.Write(buffer, 0, read);
                }
            }
            body.Position = 0;
            return kind == "csv" ? await SupplierFeedReader.ReadCsvAsync(body, timeout.Token) : await SupplierFeedReader.ReadJsonAsync(body, timeout.Token);
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refused)
        {
            return (null, refused.Message);
        }
        catch (HttpRequestException e)
        {
            return (null, $"The feed could not be fetched from {url.Host}: {e.HttpRequestError} ({e.Message}).");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"{url.Host} did not send the feed within {options.Value.Timeout.TotalSeconds:0} seconds.");
        }
    }

    /// <summary>The connection every feed request is made on: to a public address of the host only (or any address of a host
    /// the options allow).</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, SupplierFeedOptions options, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var anyAddress = options.AllowedPrivateHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
        var target = addresses.FirstOrDefault(a => anyAddress || PublicAddresses.IsPublic(a))
            ?? throw new FeedAddressRefusedException($"{host} is not on the public internet ({string.Join(", ", addresses.Select(a => a.ToString()))}); feeds are fetched only from public addresses.");
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string TooLarge(int maxBytes) => string.Create(CultureInfo.InvariantCulture, $"The feed is larger than {maxBytes:N0} bytes; split it.");

    private static string? KindOf(string? mediaType, Uri url) =>
        mediaType?.Contains("csv", StringComparison.OrdinalIgnoreCase) == true ? "csv"
        : mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? "json"
        : url.AbsolutePath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "csv"
        : url.AbsolutePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "json"
        : null;

    private static FeedAddressRefusedException? FindRefusal(Exception? e) =>
        e is null ? null : e as FeedAddressRefusedException ?? FindRefusal(e.InnerException);
}

public sealed class FeedAddressRefusedException(string message) : Exception(message);

/// <summary>Which addresses are on the public internet: not loopback, private (RFC 1918, unique-local), link-local (the cloud
/// metadata service at 169.254.169.254), shared (100.64/10), unspecified, multicast or documentation ranges.</summary>
public static class PublicAddresses
{
    private static readonly (IPAddress Network, int Bits)[] NotPublic =
    [
        (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("100.64.0.0"), 10), (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("172.16.0.0"), 12), (IPAddress.Parse("192.0.0.0"), 24), (IPAddress.Parse("192.0.2.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16), (IPAddress.Parse("198.18.0.0"), 15), (IPAddress.Parse("198.51.100.0"), 24), (IPAddress.Parse("203.0.113.0"), 24),
        (IPAddress.Parse("224.0.0.0"), 3),
        (IPAddress.Parse("::"), 127), (IPAddress.Parse("fc00::"), 7), (IPAddress.Parse("fe80::"), 10), (IPAddress.Parse("ff00::"), 8),
        (IPAddress.Parse("2001:db8::"), 32), (IPAddress.Parse("64:ff9b::"), 96),
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return !NotPublic.Any(range => range.Network.AddressFamily == address.AddressFamily && new IPNetwork(range.Network, range.Bits).Contains(address));
    }
}
