using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Commerce.Data;

/// <summary>The commerce service's database (commercedb).</summary>
public sealed class CommerceDb(DbContextOptions<CommerceDb> options) : DbContext(options)
{
    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();
    public DbSet<Product> Products => Set<Product>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddServiceStarts();
        modelBuilder.Entity<Product>(e =>
        {
            e.ToTable("products");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Sku).HasMaxLength(64);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.Price).HasPrecision(18, 2);
            e.HasIndex(x => new { x.TenantId, x.CreatedAt });
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class CommerceDbDesignTimeFactory : IDesignTimeDbContextFactory<CommerceDb>
{
    public CommerceDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CommerceDb>().UseNpgsql("Host=localhost;Database=commercedb").UseSnakeCaseNamingConvention().Options);
}
