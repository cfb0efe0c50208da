using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BizOSaaS.Hosting.Redis;

/// <summary>
/// Healthy when the server answers AUTH and PING over its own protocol on a fresh connection: no client library's
/// reconnect loop between the probe and the truth (a server still loading its append-only file answers -LOADING).
/// </summary>
internal sealed class RedisPingHealthCheck(LocalRedisResource redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var port = int.Parse((await redis.PrimaryEndpoint.Property(Aspire.Hosting.ApplicationModel.EndpointProperty.TargetPort).GetValueAsync(cancellationToken))!);
            var password = await redis.PasswordParameter.GetValueAsync(cancellationToken) ?? "";
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            var request = $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token);

            var buffer = new byte[256];
            var received = new StringBuilder();
            // Two replies, one per command; an error reply also ends with a line break.
            while (received.ToString().Split("\r\n").Length < 3)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
            var replies = received.ToString();
            return replies == "+OK\r\n+PONG\r\n"
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, $"Redis answered {replies.Trim().Replace("\r\n", " ")}");
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
