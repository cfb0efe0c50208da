using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Identity;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Hub.Data;

/// <summary>The hub service's database (hubdb): the platform's registry of plans, tenants and people, the
/// OpenID Connect server's applications and tokens, its keys, and the audit log.</summary>
public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
{
    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<UserAccount> Users => Set<UserAccount>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<IdentityKey> IdentityKeys => Set<IdentityKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddServiceStarts();
        modelBuilder.UseOpenIddict();

        modelBuilder.Entity<Plan>(e =>
        {
            e.ToTable("plans");
            e.Property(p => p.Id).HasMaxLength(40);
            e.Property(p => p.Name).HasMaxLength(100);
        });

        modelBuilder.Entity<Tenant>(e =>
        {
            e.ToTable("tenants");
            e.Property(t => t.Slug).HasMaxLength(60);
            e.HasIndex(t => t.Slug).IsUnique();
            e.Property(t => t.Name).HasMaxLength(200);
            e.Property(t => t.Industry).HasMaxLength(100);
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
            e.HasOne(t => t.Plan).WithMany().HasForeignKey(t => t.PlanId);
        });

        modelBuilder.Entity<UserAccount>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.Email).HasMaxLength(320);
            e.HasIndex(u => u.Email).IsUnique();
            e.Property(u => u.DisplayName).HasMaxLength(200);
        });

        modelBuilder.Entity<Membership>(e =>
        {
            e.ToTable("memberships");
            e.HasKey(m => new { m.UserId, m.TenantId });
            e.HasIndex(m => m.TenantId);
            e.Property(m => m.Role).HasMaxLength(40);
            e.HasOne(m => m.User).WithMany(u => u.Memberships).HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(m => m.Tenant).WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuditEvent>(e =>
        {
            e.ToTable("audit_events");
            e.Property(a => a.Type).HasMaxLength(60);
            e.Property(a => a.ActorEmail).HasMaxLength(320);
            e.Property(a => a.SubjectEmail).HasMaxLength(320);
            e.Property(a => a.Detail).HasMaxLength(2000);
            e.Property(a => a.IpAddress).HasMaxLength(64);
            e.HasIndex(a => new { a.TenantId, a.OccurredAt });
            e.HasIndex(a => new { a.TenantId, a.Type, a.OccurredAt });
        });

        modelBuilder.Entity<IdentityKey>(e =>
        {
            e.ToTable("identity_keys");
            e.Property(k => k.Purpose).HasMaxLength(20);
            e.HasIndex(k => k.Purpose).IsUnique();
            e.Property(k => k.KeyId).HasMaxLength(64);
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class HubDbDesignTimeFactory : IDesignTimeDbContextFactory<HubDb>
{
    public HubDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<HubDb>().UseNpgsql("Host=localhost;Database=hubdb").UseSnakeCaseNamingConvention().Options);
}
