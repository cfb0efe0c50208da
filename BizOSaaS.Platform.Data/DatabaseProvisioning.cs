using Npgsql;

namespace BizOSaaS.Platform.Data;

/// <summary>
/// A service's database and its two login roles (ADR 2), created through the server's superuser connection,
/// idempotently: the owner role (<c>{db}_owner</c>, owns the database and its tables, runs migrations) and the runtime
/// role (<c>{db}_app</c>: not superuser, not owner, not BYPASSRLS, so row-level security binds it), with the
/// passwords their connection strings carry, reset each time so the connection strings always work.
/// </summary>
internal static class DatabaseProvisioning
{
    public static async Task EnsureAsync(string adminConnectionString, NpgsqlConnectionStringBuilder owner, NpgsqlConnectionStringBuilder app, CancellationToken cancellationToken)
    {
        var database = owner.Database ?? throw new InvalidOperationException("The owner connection string names no database.");
        var server = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            // Two services provisioning at once both create roles: one at a time.
            await ExecuteAsync(connection, "SELECT pg_advisory_lock(hashtext('bizosaas.provisioning'))", cancellationToken);
            await EnsureRoleAsync(connection, owner.Username!, owner.Password!, cancellationToken);
            await EnsureRoleAsync(connection, app.Username!, app.Password!, cancellationToken);

            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = database });
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await ExecuteAsync(connection, $"CREATE DATABASE {Quote(database)} OWNER {Quote(owner.Username!)} ENCODING 'UTF8'", cancellationToken);
            }
            await ExecuteAsync(connection, $"REVOKE ALL ON DATABASE {Quote(database)} FROM PUBLIC", cancellationToken);
            await ExecuteAsync(connection, $"GRANT CONNECT, TEMPORARY ON DATABASE {Quote(database)} TO {Quote(app.Username!)}", cancellationToken);
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(hashtext('bizosaas.provisioning'))", cancellationToken);
        }

        server.Database = database;
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            var ownerRole = Quote(owner.Username!);
            var appRole = Quote(app.Username!);
            // Tables the owner creates later (migrations) are readable and writable by the runtime role.
            await ExecuteAsync(connection, $"""
                GRANT USAGE ON SCHEMA public TO {appRole};
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {appRole};
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {appRole};
                ALTER DEFAULT PRIVILEGES FOR ROLE {ownerRole} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {appRole};
                ALTER DEFAULT PRIVILEGES FOR ROLE {ownerRole} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {appRole};
                """, cancellationToken);
        }
    }

    private static async Task EnsureRoleAsync(NpgsqlConnection connection, string role, string password, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = role });
        var verb = await exists.ExecuteScalarAsync(cancellationToken) is null ? "CREATE" : "ALTER";
        await ExecuteAsync(connection,
            $"{verb} ROLE {Quote(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD {QuoteLiteral(password)}",
            cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static string QuoteLiteral(string value) => "'" + value.Replace("'", "''") + "'";
}
