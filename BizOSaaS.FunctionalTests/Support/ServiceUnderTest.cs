using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Encodings.Web;
using BizOSaaS.Platform.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BizOSaaS.FunctionalTests.Support;

/// <summary>
/// One replica of a service wired the way the platform's services are (ServiceDefaults, security,
/// rate limiting), on real Kestrel at a free loopback port. Requests authenticate with
/// <see cref="HeaderAuthentication"/>.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceUnderTest(WebApplication app, LogSink logs)
    {
        _app = app;
        Logs = logs;
        BaseAddress = new Uri(app.Urls.First());
    }

    public Uri BaseAddress { get; }

    public LogSink Logs { get; }

    public static async Task<ServiceUnderTest> StartAsync(
        IDictionary<string, string?> configuration,
        Action<WebApplication> mapEndpoints,
        string environment = "Production",
        bool rateLimiting = true,
        PlatformSecurityProfile profile = PlatformSecurityProfile.Api,
        Action<CspBuilder>? extendCsp = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(configuration);
        var logs = new LogSink();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);

        builder.AddServiceDefaults();
        builder.AddPlatformSecurity();
        if (rateLimiting)
        {
            builder.AddPlatformRedisClient("cache");
            builder.AddPlatformRateLimiting();
        }
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UsePlatformSecurity(profile, extendCsp);
        app.MapDefaultEndpoints();
        app.UseAuthentication();
        app.UseAuthorization();
        if (rateLimiting)
        {
            app.UsePlatformRateLimiting();
        }
        mapEndpoints(app);
        await app.StartAsync();
        return new ServiceUnderTest(app, logs);
    }

    /// <summary>A client whose connections come from <paramref name="sourceAddress"/> (any 127.x.y.z works on Linux).</summary>
    public HttpClient Client(string sourceAddress = "127.0.0.1")
    {
        var handler = new SocketsHttpHandler
        {
            // A request sent with Expect: 100-continue waits for the server's answer, however busy the machine.
            Expect100ContinueTimeout = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// Test authentication: the user is whoever the X-Test-* headers say (no header, no user).
/// Stands in for the Hub's tokens, which carry the same claims.
/// </summary>
public sealed class HeaderAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestHeaders";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var subject = Request.Headers["X-Test-Sub"].ToString();
        if (subject.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var claims = new List<Claim> { new("sub", subject) };
        foreach (var (header, claim) in new[] { ("X-Test-Tenant", "tenant_id"), ("X-Test-Rate-Scale", "rate_scale") })
        {
            var value = Request.Headers[header].ToString();
            if (value.Length > 0)
            {
                claims.Add(new Claim(claim, value));
            }
        }
        if (Request.Headers["X-Test-Role"].ToString() is { Length: > 0 } role)
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

/// <summary>Keeps every log entry the service writes.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink._entries.Enqueue((logLevel, category, formatter(state, exception)));
            }
        }
    }
}
