using BizOSaaS.Hub.Approvals;
using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Identity;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Hub.Data;

/// <summary>The hub service's database (hubdb): the platform's registry of plans, tenants and people, the
/// OpenID Connect server's applications and tokens, its keys, the audit log, and the approval queue.</summary>
public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
{
    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<UserAccount> Users => Set<UserAccount>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<IdentityKey> IdentityKeys => Set<IdentityKey>();
    public DbSet<ApprovalType> ApprovalTypes => Set<ApprovalType>();
    public DbSet<ApprovalRequest> ApprovalRequests => Set<ApprovalRequest>();
    public DbSet<ApprovalEvent> ApprovalEvents => Set<ApprovalEvent>();
    public DbSet<ApprovalCallback> ApprovalCallbacks => Set<ApprovalCallback>();
    public DbSet<ApprovalSettings> ApprovalSettings => Set<ApprovalSettings>();

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

        ConfigureApprovals(modelBuilder);
    }

    private static void ConfigureApprovals(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ApprovalType>(e =>
        {
            e.ToTable("approval_types");
            e.HasKey(t => t.Name);
            e.Property(t => t.Name).HasMaxLength(60);
            e.Property(t => t.DisplayName).HasMaxLength(100);
            e.Property(t => t.ExpiryPolicy).HasMaxLength(20);
            e.Property(t => t.CreatedBy).HasMaxLength(320);
        });

        modelBuilder.Entity<ApprovalRequest>(e =>
        {
            e.ToTable("approval_requests");
            e.Property(r => r.Type).HasMaxLength(60);
            e.Property(r => r.Title).HasMaxLength(200);
            e.Property(r => r.Summary).HasMaxLength(2000);
            // json, not jsonb: the UI shows the fields in the order the requester gave them.
            e.Property(r => r.Payload).HasColumnType("json");
            e.Property(r => r.Fingerprint).HasMaxLength(64);
            e.Property(r => r.IdempotencyKey).HasMaxLength(200);
            e.Property(r => r.OriginService).HasMaxLength(63);
            e.Property(r => r.CallbackPath).HasMaxLength(200);
            e.Property(r => r.RequestedByEmail).HasMaxLength(320);
            e.Property(r => r.RequestedByClient).HasMaxLength(100);
            e.Property(r => r.RequestedByAgent).HasMaxLength(100);
            e.Property(r => r.AssigneeEmail).HasMaxLength(320);
            e.Property(r => r.Status).HasMaxLength(20);
            e.Property(r => r.DecidedBy).HasMaxLength(320);
            e.Property(r => r.DecisionComment).HasMaxLength(2000);
            e.Property(r => r.Version).IsRowVersion();
            e.Ignore(r => r.IsPending);
            e.HasOne<ApprovalType>().WithMany().HasForeignKey(r => r.Type).OnDelete(DeleteBehavior.Restrict);
            // The queue's order (row-level security adds the tenant): first and deep pages are index range scans.
            e.HasIndex(r => new { r.TenantId, r.Status, r.Priority, r.DueAt, r.Id });
            // The durable timers' scans.
            e.HasIndex(r => new { r.TenantId, r.DueAt }).HasFilter("status = 'pending' AND escalated_at IS NULL");
            e.HasIndex(r => new { r.TenantId, r.ExpiresAt }).HasFilter("status = 'pending'");
            // History, newest decision first.
            e.HasIndex(r => new { r.TenantId, r.DecidedAt, r.Id }).HasFilter("decided_at IS NOT NULL");
        });

        modelBuilder.Entity<ApprovalEvent>(e =>
        {
            e.ToTable("approval_events");
            e.Property(a => a.Kind).HasMaxLength(30);
            e.Property(a => a.FromStatus).HasMaxLength(20);
            e.Property(a => a.ToStatus).HasMaxLength(20);
            e.Property(a => a.Actor).HasMaxLength(450);
            e.Property(a => a.Comment).HasMaxLength(2000);
            e.HasOne<ApprovalRequest>().WithMany().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => new { a.RequestId, a.OccurredAt });
        });

        modelBuilder.Entity<ApprovalCallback>(e =>
        {
            e.ToTable("approval_callbacks");
            e.Property(c => c.OriginService).HasMaxLength(63);
            e.Property(c => c.CallbackPath).HasMaxLength(200);
            e.Property(c => c.Body).HasColumnType("json");
            e.Property(c => c.LastError).HasMaxLength(1000);
            e.Property(c => c.Version).IsRowVersion();
            e.HasOne<ApprovalRequest>().WithMany().HasForeignKey(c => c.RequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.TenantId, c.NextAttemptAt }).HasFilter("delivered_at IS NULL");
        });

        modelBuilder.Entity<ApprovalSettings>(e =>
        {
            e.ToTable("approval_settings");
            e.Property(s => s.ChangedBy).HasMaxLength(320);
            e.HasIndex(s => new { s.TenantId, s.ChangedAt });
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class HubDbDesignTimeFactory : IDesignTimeDbContextFactory<HubDb>
{
    public HubDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<HubDb>().UseNpgsql("Host=localhost;Database=hubdb").UseSnakeCaseNamingConvention().Options);
}
