using BizOSaaS.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Crm.Data;

/// <summary>The crm service's database (crmdb).</summary>
public sealed class CrmDb(DbContextOptions<CrmDb> options) : DbContext(options)
{
    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddServiceStarts();
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class CrmDbDesignTimeFactory : IDesignTimeDbContextFactory<CrmDb>
{
    public CrmDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CrmDb>().UseNpgsql("Host=localhost;Database=crmdb").UseSnakeCaseNamingConvention().Options);
}
