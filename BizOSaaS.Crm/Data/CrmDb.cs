using BizOSaaS.Crm.Leads;
using BizOSaaS.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Crm.Data;

/// <summary>The crm service's database (crmdb).</summary>
public sealed class CrmDb(DbContextOptions<CrmDb> options) : DbContext(options)
{
    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();
    public DbSet<Lead> Leads => Set<Lead>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddServiceStarts();
        modelBuilder.Entity<Lead>(e =>
        {
            e.ToTable("leads");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.Company).HasMaxLength(200);
            e.HasIndex(x => new { x.TenantId, x.CreatedAt });
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class CrmDbDesignTimeFactory : IDesignTimeDbContextFactory<CrmDb>
{
    public CrmDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CrmDb>().UseNpgsql("Host=localhost;Database=crmdb").UseSnakeCaseNamingConvention().Options);
}
