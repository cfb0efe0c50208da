using BizOSaaS.Directory.Listings;
using BizOSaaS.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Directory.Data;

/// <summary>The directory service's database (directorydb).</summary>
public sealed class DirectoryDb(DbContextOptions<DirectoryDb> options) : DbContext(options)
{
    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();
    public DbSet<Business> Businesses => Set<Business>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddServiceStarts();
        modelBuilder.Entity<Business>(e =>
        {
            e.ToTable("businesses");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Category).HasMaxLength(100);
            e.Property(x => x.City).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.CreatedAt });
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class DirectoryDbDesignTimeFactory : IDesignTimeDbContextFactory<DirectoryDb>
{
    public DirectoryDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DirectoryDb>().UseNpgsql("Host=localhost;Database=directorydb").UseSnakeCaseNamingConvention().Options);
}
