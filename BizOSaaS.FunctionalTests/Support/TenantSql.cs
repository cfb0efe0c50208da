using Npgsql;

namespace BizOSaaS.FunctionalTests.Support;

/// <summary>Raw SQL as a service does it: the tenant set for one transaction, which row-level security reads.</summary>
internal static class TenantSql
{
    public static async Task SetTenantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenant)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('app.tenant_id', $1, true)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant.ToString() });
        await command.ExecuteScalarAsync();
    }
}
