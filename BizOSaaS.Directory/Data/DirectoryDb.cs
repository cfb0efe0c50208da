using BizOSaaS.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Directory.Data;

/// <summary>The directory service's database (directorydb).</summary>
public sealed class DirectoryDb(DbContextOptions<DirectoryDb> options) : DbContext(options)
{
    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddServiceStarts();
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class DirectoryDbDesignTimeFactory : IDesignTimeDbContextFactory<DirectoryDb>
{
    public DirectoryDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DirectoryDb>().UseNpgsql("Host=localhost;Database=directorydb").UseSnakeCaseNamingConvention().Options);
}
