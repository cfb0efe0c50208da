using BizOSaaS.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Hub.Data;

/// <summary>The hub service's database (hubdb).</summary>
public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
{
    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddServiceStarts();
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class HubDbDesignTimeFactory : IDesignTimeDbContextFactory<HubDb>
{
    public HubDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<HubDb>().UseNpgsql("Host=localhost;Database=hubdb").UseSnakeCaseNamingConvention().Options);
}
