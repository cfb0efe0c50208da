using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace BizOSaaS.Hosting.Postgres;

/// <summary>
/// A database's health: unhealthy, without trying its runtime role, until its migration run has created the role
/// and the database (asked of the server as its superuser, so a fresh start does not fill the server's log with
/// failed logins); then whatever a connection as the runtime role says.
/// </summary>
internal sealed class DatabaseProvisionedHealthCheck(PlatformDatabaseResource database) : IHealthCheck
{
    private readonly NpgsqlConnectionHealthCheck _runtimeRole = new(database.ConnectionStringExpression.GetValueAsync);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await NpgsqlConnectionHealthCheck.OpenProbeAsync(
                await database.Parent.ConnectionStringExpression.GetValueAsync(cancellationToken), cancellationToken, database: "postgres");
            await using var command = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AND EXISTS (SELECT 1 FROM pg_database WHERE datname = $2)", connection)
            {
                Parameters = { new() { Value = database.AppRole }, new() { Value = database.DatabaseName } },
            };
            if (await command.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"Not provisioned yet: its service's migration run creates {database.AppRole} and {database.DatabaseName}.");
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
        return await _runtimeRole.CheckHealthAsync(context, cancellationToken);
    }
}
