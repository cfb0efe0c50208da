using BizOSaaS.Hosting.Postgres;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Hosting.Orchestration;

/// <summary>A database inside a PostgreSQL server: created (with its roles) once the server is healthy,
/// then as healthy as the server it lives in.</summary>
internal sealed class DatabaseInstance(PostgresDatabaseResource database, ResourceInstance server, RunContext run, ILogger logger)
    : ResourceInstance(database, 0, 1)
{
    private volatile bool _created;

    public override string State => _created ? server.State : base.State;

    public override HealthStatus? Health => _created ? server.Health : base.Health;

    public override IReadOnlyList<string> Endpoints => server.Endpoints;

    public async Task RunAsync(ResourceNotificationService notifications, CancellationToken appStopping)
    {
        try
        {
            SetState(ResourceStates.Waiting);
            await notifications.WaitUntilAsync(() => server.Health == HealthStatus.Healthy, appStopping);
            SetState(ResourceStates.Starting);
            while (true)
            {
                try
                {
                    await database.Server.EnsureDatabaseAsync(run, database, appStopping);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The server may be restarting; it is supervised, so try again shortly.
                    Log.Append("apphost", $"Could not create the database yet: {ex.Message}");
                    logger.LogDebug(ex, "Creating {Database} failed; retrying.", database.Name);
                    await Task.Delay(TimeSpan.FromSeconds(1), appStopping);
                }
            }
            Log.Append("apphost", $"Database {database.DatabaseName} and roles {database.OwnerRole}, {database.AppRole} are ready.");
            SetState(ResourceStates.Running, HealthStatus.Healthy);
            _created = true;
            Changed();
        }
        catch (OperationCanceledException)
        {
            // The application stopped before the server was ready.
        }
    }
}
