using BizOSaaS.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Commerce.Data;

/// <summary>The commerce service's database (commercedb).</summary>
public sealed class CommerceDb(DbContextOptions<CommerceDb> options) : DbContext(options)
{
    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddServiceStarts();
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class CommerceDbDesignTimeFactory : IDesignTimeDbContextFactory<CommerceDb>
{
    public CommerceDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CommerceDb>().UseNpgsql("Host=localhost;Database=commercedb").UseSnakeCaseNamingConvention().Options);
}
