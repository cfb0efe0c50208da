using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Platform.Tenancy;

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

    /// <summary>
    /// The policy expression: the current transaction's tenant, or no rows. The setting is read in a sub-select,
    /// which PostgreSQL plans as an InitPlan evaluated once per statement: the bare expression was evaluated per
    /// row (current_setting, nullif and the uuid cast for every row a scan visits), most of a count's cost.
    /// </summary>
    public const string PolicyExpression = $"tenant_id = (SELECT nullif(current_setting('{SettingName}', true), '')::uuid)";

    /// <summary>Creates or replaces the procedure <see cref="SetTenantStatement"/> calls.</summary>
    public const string SetTenantProcedureDefinition = $"""
        CREATE OR REPLACE PROCEDURE {SetTenantProcedure}(tenant uuid) LANGUAGE plpgsql
        AS $$ BEGIN PERFORM set_config('{SettingName}', tenant::text, true); END $$
        """;

    /// <summary>The tables the model maps <see cref="ITenantOwned"/> entities to.</summary>
    public static IReadOnlyList<string> TenantTables(DbContext db) =>
        db.Model.GetEntityTypes()
            .Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType) && e.GetTableName() is not null)
            .Select(e => e.GetTableName()!)
            .Distinct()
            .Order()
            .ToList();

    /// <summary>
    /// Idempotent; run as the database owner. Tables already isolated with the current expression are left
    /// alone, so a replica's start takes no table locks from the replicas serving beside it.
    /// </summary>
    public static async Task ApplyAsync(DbContext ownerDb, CancellationToken cancellationToken)
    {
        // A procedure rather than `SELECT set_config(...)`: CALL returns no result set, so it can lead any
        // command in the same round trip; rather than `SET LOCAL`: that warns outside an explicit block.
        // PL/pgSQL rather than SQL: a SQL procedure's body is parsed and planned again on every CALL (a quarter of
        // PostgreSQL's CPU time per uncached read, ADR 25); PL/pgSQL keeps its plan for the session.
        var statements = new List<string> { SetTenantProcedureDefinition };
        var isolated = await IsolatedTablesAsync(ownerDb, cancellationToken);
        foreach (var table in TenantTables(ownerDb).Except(isolated))
        {
            var quoted = Quote(table);
            statements.Add($"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY");
            statements.Add($"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY");
            statements.Add($"DROP POLICY IF EXISTS {PolicyName} ON {quoted}");
            statements.Add($"CREATE POLICY {PolicyName} ON {quoted} USING ({PolicyExpression}) WITH CHECK ({PolicyExpression})");
            // The comment records the expression the policy was made from, so a changed expression is reapplied.
            statements.Add($"COMMENT ON POLICY {PolicyName} ON {quoted} IS {QuoteLiteral(PolicyExpression)}");
        }

        await using var transaction = await ownerDb.Database.BeginTransactionAsync(cancellationToken);
        // Replicas starting together would otherwise race on CREATE OR REPLACE PROCEDURE (a unique violation in pg_proc).
        await ownerDb.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('bizosaas.tenant_isolation'))", cancellationToken);
        foreach (var sql in statements)
        {
            await ownerDb.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Tables with RLS enabled and forced and this policy, made from the current expression.</summary>
    private static Task<List<string>> IsolatedTablesAsync(DbContext ownerDb, CancellationToken cancellationToken) =>
        ownerDb.Database.SqlQueryRaw<string>(
            """
            SELECT c.relname AS "Value"
            FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = @name
            WHERE c.relnamespace = 'public'::regnamespace AND c.relrowsecurity AND c.relforcerowsecurity
              AND obj_description(p.oid, 'pg_policy') = @expression
            """,
            new NpgsqlParameter("name", PolicyName), new NpgsqlParameter("expression", PolicyExpression))
            .ToListAsync(cancellationToken);

    /// <summary>The statement that sets the tenant for the rest of the current transaction.</summary>
    public static string SetTenantStatement(Guid tenantId) => $"CALL {SetTenantProcedure}('{tenantId:D}');";

    /// <summary>The name of the parameter <see cref="SetTenantParameterStatement"/> reads the tenant from.</summary>
    public const string TenantParameterName = "__tenant_id";

    /// <summary>
    /// <see cref="SetTenantStatement"/> with the tenant as a parameter: the same text for every tenant, so
    /// PostgreSQL can keep it prepared on a pooled connection.
    /// </summary>
    public const string SetTenantParameterStatement = $"CALL {SetTenantProcedure}(@{TenantParameterName});";

    /// <summary>Gives <paramref name="command"/> the tenant parameter <see cref="SetTenantParameterStatement"/> reads.</summary>
    public static void AddTenantParameter(DbCommand command, Guid tenantId)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = TenantParameterName;
        parameter.DbType = DbType.Guid;
        parameter.Value = tenantId;
        command.Parameters.Add(parameter);
    }

    private static string Quote(string identifier) => new NpgsqlCommandBuilder().QuoteIdentifier(identifier);

    private static string QuoteLiteral(string value) => "'" + value.Replace("'", "''") + "'";
}
