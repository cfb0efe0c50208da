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
            await using var connection = await OpenProbeAsync(await connectionString(cancellationToken), cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }

    /// <summary>A connection for one probe: not pooled, given up after 3 s.</summary>
    public static async Task<NpgsqlConnection> OpenProbeAsync(string? connectionString, CancellationToken cancellationToken, string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 };
        if (database is not null)
        {
            builder.Database = database;
        }
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
