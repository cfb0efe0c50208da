namespace BizOSaaS.Hosting.Postgres;

/// <summary>Where Debian's PostgreSQL server programs are, and who runs them.</summary>
internal static class PostgresBinaries
{
    /// <summary>PostgreSQL refuses to run as root; Debian's package creates this user.</summary>
    public const string SystemUser = "postgres";

    /// <summary>The version the platform is designed for, or another Debian major if it is the only one installed.</summary>
    public static string? BinDirectory
    {
        get
        {
            const string Preferred = "/usr/lib/postgresql/15/bin";
            if (File.Exists(Path.Combine(Preferred, "postgres")))
            {
                return Preferred;
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

    public static string Server => Path.Combine(BinDirectory ?? "/usr/lib/postgresql/15/bin", "postgres");

    public static string InitDb => Path.Combine(BinDirectory ?? "/usr/lib/postgresql/15/bin", "initdb");

    public static bool SystemUserExists =>
        File.ReadLines("/etc/passwd").Any(line => line.StartsWith(SystemUser + ":", StringComparison.Ordinal));
}
