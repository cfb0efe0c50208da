using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace BizOSaaS.Hosting.Postgres;

/// <summary>
/// Healthy when a new connection (no pool: a probe must not keep server processes) opens and answers SELECT 1.
/// The connection string is resolved at each check, once the run has allocated the server's port.
/// </summary>
internal sealed class NpgsqlConnectionHealthCheck(Func<CancellationToken, ValueTask<string?>> connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(await connectionString(cancellationToken)) { Pooling = false, Timeout = 3 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
