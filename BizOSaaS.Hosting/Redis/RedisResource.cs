using System.Net.Sockets;
using System.Text;
using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Orchestration;

namespace BizOSaaS.Hosting.Redis;

/// <summary>A supervised <c>redis-server</c> with a password and a persistent append-only file.</summary>
public sealed class RedisResource(string name, int? port) : ExecutableResource(name, port), IResourceWithConnectionString
{
    public override string TypeName => "Redis";

    internal static string? ServerPath =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);

    internal override IEnumerable<Prerequisite> Prerequisites =>
    [
        new("redis-server", () => ServerPath is not null, "install it with: sudo apt-get install -y redis-server"),
    ];

    internal string Password(RunContext run) => run.GetOrCreateSecret($"{Name}-password");

    public IEnumerable<KeyValuePair<string, string>> GetConnectionStrings(RunContext run) =>
        [new(Name, $"127.0.0.1:{Ports[0]},password={Password(run)}")];

    private string DataDirectory(RunContext run) => Path.Combine(run.DataDirectory, Name);

    internal override async Task PrepareAsync(RunContext run, ResourceLog log, CancellationToken cancellationToken)
    {
        var dataDirectory = DataDirectory(run);
        Directory.CreateDirectory(dataDirectory);
        // The password lives in a 0600 file rather than on the command line, where `ps` would show it.
        var config = Path.Combine(dataDirectory, "redis.conf");
        await File.WriteAllTextAsync(config, $"""
            bind 127.0.0.1
            port {Ports[0]}
            protected-mode yes
            daemonize no
            dir {dataDirectory}
            appendonly yes
            appendfsync {(run.Options.IsTesting ? "no" : "everysec")}
            save ""
            requirepass {Password(run)}
            logfile ""
            """, cancellationToken);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        log.Append("apphost", $"Data folder {dataDirectory} (append-only file).");
    }

    internal override ProcessCommand CreateCommand(RunContext run, int replica) =>
        new(ServerPath!, [Path.Combine(DataDirectory(run), "redis.conf")]) { WorkingDirectory = DataDirectory(run) };

    /// <summary>Healthy when the server answers AUTH and PING over its own protocol.</summary>
    internal override async Task<bool> CheckHealthAsync(RunContext run, int replica, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Ports[0], cancellationToken);
        var stream = client.GetStream();
        var password = Password(run);
        var request = $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), cancellationToken);

        var buffer = new byte[64];
        var received = new StringBuilder();
        // Two replies, one per command; an error reply (-NOAUTH, -LOADING) also ends a line.
        while (received.ToString().Split("\r\n").Length < 3)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return false;
            }
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return received.ToString() == "+OK\r\n+PONG\r\n";
    }
}

public static class RedisBuilderExtensions
{
    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name, int? port = null) =>
        builder.AddResource(new RedisResource(name, port));
}
