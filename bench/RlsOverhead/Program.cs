using System.Diagnostics;
using BizOSaaS.Platform.Tenancy;
using Npgsql;

// Measures what forced row-level security with the tenant set per transaction costs a query, against the
// same query on the same data with no policy and an explicit tenant filter instead.
// Parameters are named, as EF Core sends them, so Npgsql sends the CALL and the query as two statements
// of one round trip, exactly as in the services.
// Usage: RlsOverhead <superuser connection string> <results file> [rows per tenant] [seconds per case]
var superuser = args[0];
var resultsFile = args[1];
var rowsPerTenant = args.Length > 2 ? int.Parse(args[2]) : 100_000;
var seconds = args.Length > 3 ? double.Parse(args[3]) : 10;
Guid[] tenants = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

await using (var admin = new NpgsqlConnection(superuser))
{
    await admin.OpenAsync();
    await Execute(admin, "DROP DATABASE IF EXISTS rls_bench");
    await Execute(admin, "DROP ROLE IF EXISTS rls_bench_app");
    await Execute(admin, "CREATE ROLE rls_bench_app LOGIN PASSWORD 'bench' NOSUPERUSER NOBYPASSRLS");
    await Execute(admin, "CREATE DATABASE rls_bench");
}
var database = new NpgsqlConnectionStringBuilder(superuser) { Database = "rls_bench" }.ConnectionString;
await using (var owner = new NpgsqlConnection(database))
{
    await owner.OpenAsync();
    foreach (var table in new[] { "leads", "leads_plain" })
    {
        await Execute(owner, $"""
            CREATE TABLE {table} (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL);
            CREATE INDEX ix_{table}_tenant_created ON {table} (tenant_id, created_at DESC);
            GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO rls_bench_app;
            """);
        for (var t = 0; t < tenants.Length; t++)
        {
            await Execute(owner, $"""
                INSERT INTO {table} SELECT md5('{table}' || i || '-{t}')::uuid, '{tenants[t]}', 'Lead ' || i, 'lead' || i || '@example.com',
                       now() - i * interval '1 minute' FROM generate_series(1, {rowsPerTenant}) i
                """);
        }
        // Hint bits and the visibility map set now, so neither side pays for the bulk load while measured.
        await Execute(owner, $"VACUUM (ANALYZE) {table}");
    }
    // Exactly what TenantIsolation applies after migrations.
    await Execute(owner, $"""
        {TenantIsolation.SetTenantProcedureDefinition};
        ALTER TABLE leads ENABLE ROW LEVEL SECURITY;
        ALTER TABLE leads FORCE ROW LEVEL SECURITY;
        CREATE POLICY {TenantIsolation.PolicyName} ON leads USING ({TenantIsolation.PolicyExpression}) WITH CHECK ({TenantIsolation.PolicyExpression});
        CHECKPOINT;
        """);
}

var app = new NpgsqlConnectionStringBuilder(database) { Username = "rls_bench_app", Password = "bench", MaxPoolSize = 32 }.ConnectionString;
await using var dataSource = NpgsqlDataSource.Create(app);
var lines = new List<string>
{
    $"# Row-level security overhead, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores",
    "",
    $"{tenants.Length} tenants × {rowsPerTenant:N0} rows (vacuumed); {seconds:0} s per side and case, run plain, RLS, RLS, plain; PostgreSQL and this client on the same machine; Npgsql, one round trip per query.",
    "",
    "| query | connections | RLS + CALL app_set_tenant (q/s) | no policy, WHERE tenant_id (q/s) | throughput ratio | p50 µs RLS / plain | p99 µs RLS / plain |",
    "|---|---|---|---|---|---|---|",
};

var cases = new (string Name, string Rls, string Plain)[]
{
    ("point read by id", "SELECT id, name, email FROM leads WHERE id = @id", "SELECT id, name, email FROM leads_plain WHERE tenant_id = @tenant AND id = @id"),
    ("newest 50 of the tenant", "SELECT id, name, email FROM leads ORDER BY created_at DESC LIMIT 50", "SELECT id, name, email FROM leads_plain WHERE tenant_id = @tenant ORDER BY created_at DESC LIMIT 50"),
    ("count of the tenant", "SELECT count(*) FROM leads", "SELECT count(*) FROM leads_plain WHERE tenant_id = @tenant"),
};
foreach (var connections in new[] { 1, 16 })
{
    foreach (var (name, rls, plain) in cases)
    {
        if (name.StartsWith("count") && connections > 1)
        {
            continue;
        }
        // Plain, RLS, RLS, plain: the order of the runs favours neither side.
        var half = (name.StartsWith("count") ? Math.Min(seconds, 5) : seconds) / 2;
        var plainFirst = await Run(plain, rls: false, connections, half);
        var rlsFirst = await Run(rls, rls: true, connections, half);
        var rlsRun = Combine(rlsFirst, await Run(rls, rls: true, connections, half));
        var plainRun = Combine(plainFirst, await Run(plain, rls: false, connections, half));
        lines.Add($"| {name} | {connections} | {rlsRun.PerSecond:N0} | {plainRun.PerSecond:N0} | {rlsRun.PerSecond / plainRun.PerSecond:0.00} | " +
            $"{rlsRun.P50:0} / {plainRun.P50:0} | {rlsRun.P99:0} / {plainRun.P99:0} |");
        Console.WriteLine(lines[^1]);
    }
}
lines.Add("");
lines.Add("Throughput ratio below 1 means the platform's way is slower by that factor.");
await File.WriteAllLinesAsync(resultsFile, lines);
Console.WriteLine($"Results: {resultsFile}");

static (double PerSecond, double P50, double P99) Combine((double PerSecond, double P50, double P99, List<double> Latencies) a,
    (double PerSecond, double P50, double P99, List<double> Latencies) b)
{
    var all = a.Latencies.Concat(b.Latencies).Order().ToList();
    return ((a.PerSecond + b.PerSecond) / 2, all[all.Count / 2], all[(int)(all.Count * 0.99)]);
}

async Task<(double PerSecond, double P50, double P99, List<double> Latencies)> Run(string query, bool rls, int connections, double duration)
{
    // A warm-up, then every worker runs the query in a loop until time is up.
    await Loop(TimeSpan.FromSeconds(1));
    var latencies = await Loop(TimeSpan.FromSeconds(duration));
    latencies.Sort();
    return (latencies.Count / duration, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], latencies);

    async Task<List<double>> Loop(TimeSpan length)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(async worker =>
        {
            var measured = new List<double>();
            var random = new Random(worker);
            await using var connection = await dataSource.OpenConnectionAsync();
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var tenant = random.Next(tenants.Length);
                var id = Guid.Parse(MD5Hex($"{(rls ? "leads" : "leads_plain")}{random.Next(1, rowsPerTenant + 1)}-{tenant}"));
                await using var command = new NpgsqlCommand(
                    rls ? TenantIsolation.SetTenantStatement(tenants[tenant]) + "\n" + query : query, connection);
                if (!rls)
                {
                    command.Parameters.AddWithValue("tenant", tenants[tenant]);
                }
                if (query.Contains("@id"))
                {
                    command.Parameters.AddWithValue("id", id);
                }
                var started = Stopwatch.GetTimestamp();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    var rows = 0;
                    while (await reader.ReadAsync())
                    {
                        rows++;
                    }
                    if (rows == 0)
                    {
                        throw new InvalidOperationException($"'{query}' returned no rows: the benchmark would measure nothing.");
                    }
                }
                measured.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            return measured;
        });
        return (await Task.WhenAll(workers)).SelectMany(m => m).ToList();
    }
}

static string MD5Hex(string value) =>
    Convert.ToHexString(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(value))).ToLowerInvariant();

static async Task Execute(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection);
    command.CommandTimeout = 600;
    await command.ExecuteNonQueryAsync();
}
