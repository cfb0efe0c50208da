using System.Security.Cryptography;
using System.Text;
using BizOSaaS.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Orchestration;
using Npgsql;

namespace BizOSaaS.Hosting.Postgres;

/// <summary>
/// A PostgreSQL server run from Debian's binaries: initdb on first run into a persistent folder, then
/// the postmaster as a supervised child process, as the <c>postgres</c> user when the AppHost is root.
/// TCP on 127.0.0.1 only, password authentication for every role.
/// </summary>
public sealed class PostgresServerResource(string name, int? port) : ExecutableResource(name, port)
{
    public const string SuperUser = "postgres";
    private const string SystemUser = "postgres";

    private string? _dataDirectory;

    public override string TypeName => "PostgresServer";

    public List<PostgresDatabaseResource> Databases { get; } = [];

    /// <summary>PostgreSQL's fast shutdown: roll back open transactions and stop now, not after clients leave.</summary>
    public override int StopSignal => ProcessSignals.SIGINT;

    internal static string? BinDirectory
    {
        get
        {
            // Prefer the version the platform is designed for; accept another Debian major if it is all there is.
            var preferred = "/usr/lib/postgresql/15/bin";
            if (File.Exists(Path.Combine(preferred, "postgres")))
            {
                return preferred;
            }
            return Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "postgres")))
                    .OrderByDescending(d => d, StringComparer.Ordinal)
                    .FirstOrDefault()
                : null;
        }
    }

    internal override IEnumerable<Prerequisite> Prerequisites =>
    [
        new("PostgreSQL server binaries (/usr/lib/postgresql/15/bin/postgres)", () => BinDirectory is not null,
            "install them with: sudo apt-get install -y postgresql"),
        new("the 'postgres' system user (PostgreSQL refuses to run as root)",
            () => !ProcessSignals.IsRoot || File.ReadAllLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)),
            "install PostgreSQL from Debian's packages, which creates it: sudo apt-get install -y postgresql"),
    ];

    internal string Password(RunContext run) => run.GetOrCreateSecret($"{Name}-password");

    internal string ConnectionString(RunContext run, string user, string password, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Ports[0],
            Username = user,
            Password = password,
            Database = database,
        }.ConnectionString;

    internal override async Task PrepareAsync(RunContext run, ResourceLog log, CancellationToken cancellationToken)
    {
        var dataDirectory = DataDirectory(run);
        Directory.CreateDirectory(dataDirectory);
        if (ProcessSignals.IsRoot)
        {
            await RunCheckedAsync("chown", ["-R", $"{SystemUser}:{SystemUser}", dataDirectory], null, null, cancellationToken);
        }
        File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            log.Append("apphost", $"Using the existing data folder {dataDirectory}.");
            return;
        }

        log.Append("apphost", $"First run: initialising a PostgreSQL cluster in {dataDirectory}.");
        // initdb reads the superuser's password from a file only the server's user can read, deleted right after.
        var passwordFile = Path.Combine(Path.GetTempPath(), $"bizosaas-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, Password(run) + "\n", cancellationToken);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (ProcessSignals.IsRoot)
            {
                await RunCheckedAsync("chown", [$"{SystemUser}:{SystemUser}", passwordFile], null, null, cancellationToken);
            }
            await RunCheckedAsync(Path.Combine(BinDirectory!, "initdb"),
                ["-D", dataDirectory, "-U", SuperUser, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
                SystemUser, null, cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// A postmaster still running on this data folder (its postmaster.pid names a live postgres process
    /// for this folder) was left by a killed run, even one whose run ledger is gone: stop it fast.
    /// A stale file whose pid is dead or reused is left to PostgreSQL, which handles that itself.
    /// </summary>
    internal override async Task<string?> StopStaleServerAsync(RunContext run)
    {
        var pidFile = Path.Combine(DataDirectory(run), "postmaster.pid");
        string commandLine;
        int pid;
        try
        {
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out pid))
            {
                return null;
            }
            commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
        if (!commandLine.Contains("postgres") || !commandLine.Contains(DataDirectory(run)))
        {
            return null;
        }

        await ProcessSignals.StopOrphanAsync(pid, StopSignal, isSameProcess: () => true);
        return $"Stopped a PostgreSQL server (pid {pid}) that an earlier run left on {DataDirectory(run)}.";
    }

    internal override ProcessCommand CreateCommand(RunContext run, int replica)
    {
        List<string> arguments =
        [
            "-D", DataDirectory(run),
            "-p", Ports[0].ToString(),
            "-c", "listen_addresses=127.0.0.1",
            // TCP only: no socket in /var/run/postgresql, which may not exist or may belong to the system's server.
            "-c", "unix_socket_directories=",
            "-c", "max_connections=300",
        ];
        if (run.Options.IsTesting)
        {
            // Throwaway test data: durability is not worth the fsyncs.
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        return new ProcessCommand(Path.Combine(BinDirectory!, "postgres"), arguments)
        {
            RunAsUser = SystemUser,
            WorkingDirectory = "/",
        };
    }

    internal override async Task<bool> CheckHealthAsync(RunContext run, int replica, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString(run, SuperUser, Password(run), "postgres"))
        {
            Pooling = false,
            Timeout = 2,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is 1;
    }

    /// <summary>
    /// Creates the database, its owner role (migrations) and its runtime role (queries: not superuser,
    /// not owner, not BYPASSRLS), idempotently; passwords are reset to the stored secrets each time.
    /// </summary>
    internal async Task EnsureDatabaseAsync(RunContext run, PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString(run, SuperUser, Password(run), "postgres")) { Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            await EnsureRoleAsync(connection, database.OwnerRole, database.OwnerPassword(run), cancellationToken);
            await EnsureRoleAsync(connection, database.AppRole, database.AppPassword(run), cancellationToken);

            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = database.DatabaseName });
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await ExecuteAsync(connection, $"CREATE DATABASE {Quote(database.DatabaseName)} OWNER {Quote(database.OwnerRole)} ENCODING 'UTF8'", cancellationToken);
            }
            await ExecuteAsync(connection, $"REVOKE ALL ON DATABASE {Quote(database.DatabaseName)} FROM PUBLIC", cancellationToken);
            await ExecuteAsync(connection, $"GRANT CONNECT, TEMPORARY ON DATABASE {Quote(database.DatabaseName)} TO {Quote(database.AppRole)}", cancellationToken);
        }

        var inDatabase = new NpgsqlConnectionStringBuilder(ConnectionString(run, SuperUser, Password(run), database.DatabaseName)) { Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(inDatabase))
        {
            await connection.OpenAsync(cancellationToken);
            var owner = Quote(database.OwnerRole);
            var app = Quote(database.AppRole);
            // Tables the owner creates later (migrations) are readable and writable by the runtime role.
            await ExecuteAsync(connection, $"""
                GRANT USAGE ON SCHEMA public TO {app};
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};
                ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};
                ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app};
                """, cancellationToken);
        }
    }

    /// <summary>
    /// The cluster's folder: inside the data folder, unless the AppHost runs as root and the postgres user
    /// cannot reach it (a checkout under /root), then under /var/lib/bizosaas, keyed by the data folder.
    /// </summary>
    internal string DataDirectory(RunContext run)
    {
        if (_dataDirectory is not null)
        {
            return _dataDirectory;
        }
        var inside = Path.Combine(run.DataDirectory, Name);
        if (ProcessSignals.IsRoot && !OthersCanTraverse(run.DataDirectory))
        {
            var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(run.DataDirectory)))[..12].ToLowerInvariant();
            inside = Path.Combine("/var/lib/bizosaas", key, Name);
            Directory.CreateDirectory(Path.GetDirectoryName(inside)!);
        }
        return _dataDirectory = inside;
    }

    private static bool OthersCanTraverse(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && !dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }
        return true;
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

    private static async Task RunCheckedAsync(string fileName, string[] arguments, string? runAs, string? input, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await ProcessLauncher.RunToEndAsync(fileName, arguments, runAs, input, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} failed with exit code {exitCode}: {output}");
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static string QuoteLiteral(string value) => "'" + value.Replace("'", "''") + "'";
}
