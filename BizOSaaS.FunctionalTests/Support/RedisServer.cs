using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace BizOSaaS.FunctionalTests.Support;

/// <summary>A real redis-server on a free port, with no persistence, killed when the test ends.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly TestDirectory _directory = new();
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The <c>ConnectionStrings:cache</c> value the services use.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePorts.Next());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="Kill"/>) on the same port and waits until it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("/usr/bin/redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.Path,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1", "--dir", _directory.Path })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.HoldsAsync(AnswersPingAsync, $"redis-server answers PING on port {Port}");
    }

    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    private async Task<bool> AnswersPingAsync()
    {
        if (_process is null || _process.HasExited)
        {
            throw new InvalidOperationException($"redis-server exited with code {_process?.ExitCode}.");
        }
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
