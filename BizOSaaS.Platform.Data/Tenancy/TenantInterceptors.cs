using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BizOSaaS.Platform.Tenancy;

/// <summary>
/// Leads every command with <c>CALL app_set_tenant(..)</c> when a tenant is set, so the setting lives in
/// the command's own transaction (the implicit one of its round trip, or the explicit one it runs in)
/// and never outlives it on a pooled connection. No tenant: nothing is set, and the policy shows no rows.
/// </summary>
public sealed class TenantCommandInterceptor(TenantContext tenant) : DbCommandInterceptor
{
    /// <summary>Once per command EF runs, whichever way it is executed (reader, scalar, non-query; sync or async).</summary>
    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        SetTenant(result, eventData);
        return result;
    }

    private void SetTenant(DbCommand command, CommandEventData eventData)
    {
        // SaveChanges reads each statement's row count by position, so its batches get no extra statement:
        // they always run in a transaction whose tenant TenantSaveChangesInterceptor sets.
        if (eventData.CommandSource != CommandSource.SaveChanges && tenant.TenantId is { } tenantId)
        {
            command.CommandText = TenantIsolation.SetTenantParameterStatement + "\n" + command.CommandText;
            TenantIsolation.AddTenantParameter(command, tenantId);
        }
    }
}

/// <summary>
/// SaveChanges under the tenant: stamps new <see cref="ITenantOwned"/> rows with the current tenant (a row that
/// names another tenant is left as it is, and the policy's WITH CHECK refuses it), and makes sure the changes
/// run in a transaction that has the tenant set — an open one is told the tenant again, as it may have changed.
/// </summary>
public sealed class TenantSaveChangesInterceptor(TenantContext tenant) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (Prepare(eventData.Context) is { } setTenant)
        {
            eventData.Context!.Database.ExecuteSqlRaw(setTenant);
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Prepare(eventData.Context) is { } setTenant)
        {
            await eventData.Context!.Database.ExecuteSqlRawAsync(setTenant, cancellationToken);
        }
        return result;
    }

    /// <summary>Returns the statement to run now, when a transaction is already open.</summary>
    private string? Prepare(DbContext? context)
    {
        if (context is null || tenant.TenantId is not { } tenantId)
        {
            return null;
        }
        foreach (var entry in context.ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
            {
                entry.Entity.TenantId = tenantId;
            }
        }
        if (context.Database.CurrentTransaction is not null)
        {
            return TenantIsolation.SetTenantStatement(tenantId);
        }
        // Even a single statement gets a transaction, which TenantTransactionInterceptor gives the tenant.
        context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        return null;
    }
}

/// <summary>Sets the current tenant as the first thing in every transaction EF Core begins.</summary>
public sealed class TenantTransactionInterceptor(TenantContext tenant) : DbTransactionInterceptor
{
    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (tenant.TenantId is { } tenantId)
        {
            using var command = SetTenantCommand(connection, result, tenantId);
            command.ExecuteNonQuery();
        }
        return result;
    }

    public override async ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        if (tenant.TenantId is { } tenantId)
        {
            await using var command = SetTenantCommand(connection, result, tenantId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return result;
    }

    private static DbCommand SetTenantCommand(DbConnection connection, DbTransaction transaction, Guid tenantId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = TenantIsolation.SetTenantParameterStatement;
        TenantIsolation.AddTenantParameter(command, tenantId);
        return command;
    }
}
