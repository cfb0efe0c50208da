using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.ServiceDefaults.Tenancy;

/// <summary>
/// Row-level security for every table of an <see cref="ITenantOwned"/> entity, applied by the owner
/// role after migrations (DESIGN.md §4): RLS enabled and forced, and one policy for reads and writes
/// that matches nothing when no tenant is set. Derived from the model, so a new tenant-owned table
/// cannot be forgotten.
/// </summary>
public static class TenantIsolation
{
    public const string SettingName = "app.tenant_id";
    public const string PolicyName = "tenant_isolation";
    public const string SetTenantProcedure = "app_set_tenant";

    /// <summary>The policy expression: the current transaction's tenant, or no rows.</summary>
    public const string PolicyExpression = $"tenant_id = nullif(current_setting('{SettingName}', true), '')::uuid";

    /// <summary>The tables the model maps <see cref="ITenantOwned"/> entities to.</summary>
    public static IReadOnlyList<string> TenantTables(DbContext db) =>
        db.Model.GetEntityTypes()
            .Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType) && e.GetTableName() is not null)
            .Select(e => e.GetTableName()!)
            .Distinct()
            .Order()
            .ToList();

    /// <summary>Idempotent; run as the database owner.</summary>
    public static async Task ApplyAsync(DbContext ownerDb, CancellationToken cancellationToken)
    {
        // A procedure rather than `SELECT set_config(...)`: CALL returns no result set, so it can lead any
        // command in the same round trip; rather than `SET LOCAL`: that warns outside an explicit block.
        var statements = new List<string>
        {
            $"""
            CREATE OR REPLACE PROCEDURE {SetTenantProcedure}(tenant uuid) LANGUAGE sql
            AS $$ SELECT set_config('{SettingName}', tenant::text, true) $$
            """,
        };
        foreach (var table in TenantTables(ownerDb))
        {
            var quoted = Quote(table);
            statements.Add($"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY");
            statements.Add($"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY");
            statements.Add($"DROP POLICY IF EXISTS {PolicyName} ON {quoted}");
            statements.Add($"CREATE POLICY {PolicyName} ON {quoted} USING ({PolicyExpression}) WITH CHECK ({PolicyExpression})");
        }

        await using var transaction = await ownerDb.Database.BeginTransactionAsync(cancellationToken);
        foreach (var sql in statements)
        {
            await ownerDb.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The statement that sets the tenant for the rest of the current transaction.</summary>
    public static string SetTenantStatement(Guid tenantId) => $"CALL {SetTenantProcedure}('{tenantId:D}');";

    private static string Quote(string identifier) => new NpgsqlCommandBuilder().QuoteIdentifier(identifier);
}
