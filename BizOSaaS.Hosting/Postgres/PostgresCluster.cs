using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace BizOSaaS.Hosting.Postgres;

/// <summary>The on-disk cluster of a <see cref="LocalPostgresServerResource"/>: where it lives, its first initdb, and a stale server on it.</summary>
internal static class PostgresCluster
{
    /// <summary>
    /// Inside the data folder, unless the AppHost runs as root and the postgres user cannot reach that folder (a
    /// checkout under /root): then under /var/lib/bizosaas, keyed by the data folder, so each folder keeps its own cluster.
    /// </summary>
    public static string DirectoryFor(string dataFolder, string serverName)
    {
        var inside = Path.Combine(dataFolder, serverName);
        if (!LocalProcesses.IsRoot || OthersCanTraverse(dataFolder))
        {
            return inside;
        }
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataFolder))))[..12].ToLowerInvariant();
        return Path.Combine("/var/lib/bizosaas", key, serverName);
    }

    /// <summary>Creates the folder for the server's user and, on the first run, the cluster with the superuser's password.</summary>
    public static async Task PrepareAsync(string clusterDirectory, string superUserPassword, ILogger log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(clusterDirectory);
        var user = PostgresBinaries.SystemUser;
        if (LocalProcesses.IsRoot)
        {
            await LocalProcesses.RunCheckedAsync("chown", ["-R", $"{user}:{user}", clusterDirectory], null, cancellationToken);
        }
        File.SetUnixFileMode(clusterDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        if (File.Exists(Path.Combine(clusterDirectory, "PG_VERSION")))
        {
            log.LogInformation("Using the existing cluster in {Directory}.", clusterDirectory);
            await StopStaleServerAsync(clusterDirectory, log);
            return;
        }

        log.LogInformation("First run: initialising a PostgreSQL cluster in {Directory}.", clusterDirectory);
        // initdb reads the password from a file only the server's user can read (it cannot read /dev/stdin as that
        // user), deleted right after.
        var passwordFile = Path.Combine(Path.GetTempPath(), $"bizosaas-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, superUserPassword + "\n", cancellationToken);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (LocalProcesses.IsRoot)
            {
                await LocalProcesses.RunCheckedAsync("chown", [$"{user}:{user}", passwordFile], null, cancellationToken);
            }
            await LocalProcesses.RunCheckedAsync(PostgresBinaries.InitDb,
                ["-D", clusterDirectory, "-U", LocalPostgresServerResource.SuperUser, $"--pwfile={passwordFile}",
                 "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
                user, cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// A postmaster still running on this cluster (its postmaster.pid names a live postgres process for this folder)
    /// was left by a run that was killed before it could stop it: stop it fast, or the new server cannot start.
    /// A stale file whose pid is dead or reused is left to PostgreSQL, which handles that itself.
    /// </summary>
    private static async Task StopStaleServerAsync(string clusterDirectory, ILogger log)
    {
        var pidFile = Path.Combine(clusterDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) || !IsServerOn(pid, clusterDirectory))
        {
            return;
        }

        log.LogWarning("Stopping a PostgreSQL server (pid {Pid}) that an earlier run left on {Directory}.", pid, clusterDirectory);
        // SIGINT is PostgreSQL's fast shutdown: roll back open transactions and stop now.
        await LocalProcesses.RunCheckedAsync("kill", ["-INT", pid.ToString()], null, CancellationToken.None);
        for (var waited = 0; waited < 100 && IsServerOn(pid, clusterDirectory); waited++)
        {
            await Task.Delay(100);
        }
        if (IsServerOn(pid, clusterDirectory))
        {
            await LocalProcesses.RunCheckedAsync("kill", ["-KILL", pid.ToString()], null, CancellationToken.None);
        }
    }

    /// <summary>Whether <paramref name="pid"/> is a postgres process serving this cluster (not a pid reused since).</summary>
    private static bool IsServerOn(int pid, string clusterDirectory)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains("postgres") && commandLine.Contains(clusterDirectory);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool OthersCanTraverse(string path)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(path)); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && !dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }
        return true;
    }
}
