using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using BizOSaaS.Hosting.Postgres;
using BizOSaaS.Hosting.Projects;
using Npgsql;

namespace BizOSaaS.FunctionalTests.Hosting;

/// <summary>
/// PostgreSQL from Debian's binaries as our hosting integration runs it: a cluster kept in the data folder across
/// runs, a database provisioned and migrated by its service's migration run with an owner and a restricted runtime
/// role, a server left running by a killed AppHost stopped and replaced, and no process left after a stop.
/// </summary>
public sealed class LocalPostgresTests : IDisposable
{
    private readonly TestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_second_run_keeps_the_first_runs_data_replaces_a_server_left_running_and_leaves_no_process()
    {
        var cluster = Path.Combine(_data.Path, "postgres");
        string written;
        await using (var first = NewGraph())
        {
            await first.StartAsync();
            // The exit code may follow the Finished state in a later snapshot; the one waited for is read, not the
            // resource watch's latest, which may not have caught up with it yet.
            var migrated = await first.WaitForAsync("crm-migrations", e => e.Snapshot.State?.Text == KnownResourceStates.Finished && e.Snapshot.ExitCode is not null);
            Assert.Equal(0, migrated.Snapshot.ExitCode);
            await first.App.WaitForHealthyAsync("crmdb");
            written = await WriteStartAsync(first.App);
            await AssertRuntimeRoleIsRestrictedAsync(first.App);
        }
        Assert.Empty(ServersOn(cluster));

        // A server on the cluster that no AppHost stops, as a killed one leaves it.
        using var leftover = StartServerBehindTheAppHostsBack(cluster);
        await Eventually.HoldsAsync(() => ServersOn(cluster).Count > 0, "the left-over server runs");

        await using (var second = NewGraph())
        {
            await second.StartAsync();
            await second.WaitForAsync("crm-migrations", e => e.Snapshot.State?.Text == KnownResourceStates.Finished);
            await second.App.WaitForHealthyAsync("crmdb");
            Assert.True(leftover.HasExited, "the server left running was stopped");
            Assert.Contains(written, await ReadStartsAsync(second.App));
        }
        Assert.Empty(ServersOn(cluster));
    }

    private SmallGraph NewGraph()
    {
        var graph = SmallGraph.Create(_data.Path);
        var postgres = graph.Builder.AddPlatformPostgres("postgres", port: 0);
        var crmDb = postgres.AddDatabaseWithRoles("crmdb");
        graph.Builder.AddDatabaseMigrations<CrmProject>("crm-migrations", postgres, crmDb);
        return graph;
    }

    private static async Task<string> WriteStartAsync(DistributedApplication app)
    {
        var marker = $"test-{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(app.GetConnectionString("crmdb"));
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO service_starts (service_name, instance_id, machine_name, version, started_at) VALUES ('test', $1, 'test', '1', now())", connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = marker });
        await insert.ExecuteNonQueryAsync();
        return marker;
    }

    private static async Task<List<string>> ReadStartsAsync(DistributedApplication app)
    {
        await using var connection = new NpgsqlConnection(app.GetConnectionString("crmdb"));
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT instance_id FROM service_starts", connection);
        var ids = new List<string>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static async Task AssertRuntimeRoleIsRestrictedAsync(DistributedApplication app)
    {
        await using var connection = new NpgsqlConnection(app.GetConnectionString("crmdb"));
        await connection.OpenAsync();
        await using var role = new NpgsqlCommand("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user", connection);
        await using var reader = await role.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("crmdb_app", false, false), (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2)));
    }

    /// <summary>postgres processes whose command line names this cluster.</summary>
    private static List<int> ServersOn(string cluster) =>
        [.. Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => n.All(char.IsDigit)).Select(int.Parse)
            .Where(pid => CommandLine(pid) is { } line && line.Contains("postgres") && line.Contains(cluster))];

    private static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static Process StartServerBehindTheAppHostsBack(string cluster)
    {
        var server = "/usr/lib/postgresql/15/bin/postgres";
        var start = Environment.IsPrivilegedProcess ? new ProcessStartInfo("setpriv") : new ProcessStartInfo(server);
        if (Environment.IsPrivilegedProcess)
        {
            foreach (var argument in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "--", server })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in new[] { "-D", cluster, "-p", FreePorts.Next().ToString(), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" })
        {
            start.ArgumentList.Add(argument);
        }
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }
}
