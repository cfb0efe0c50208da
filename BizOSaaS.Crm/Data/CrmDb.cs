using System.Text.Json;
using BizOSaaS.Crm.Activities;
using BizOSaaS.Crm.Companies;
using BizOSaaS.Crm.Contacts;
using BizOSaaS.Crm.Deals;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Qualification;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.Data.Approvals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Crm.Data;

/// <summary>The crm service's database (crmdb). Every table but the service's own bookkeeping is tenant-owned.</summary>
public sealed class CrmDb(DbContextOptions<CrmDb> options) : DbContext(options)
{
    private static readonly JsonSerializerOptions ScoreFactorJson = new(JsonSerializerDefaults.Web);

    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<LeadSource> LeadSources => Set<LeadSource>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Pipeline> Pipelines => Set<Pipeline>();
    public DbSet<PipelineStage> PipelineStages => Set<PipelineStage>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<RecordChange> RecordChanges => Set<RecordChange>();
    public DbSet<ScoringSettings> ScoringSettings => Set<ScoringSettings>();
    public DbSet<QualificationRequest> QualificationRequests => Set<QualificationRequest>();
    public DbSet<KnownTenant> KnownTenants => Set<KnownTenant>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddServiceStarts();
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.HasPostgresExtension("btree_gin");

        modelBuilder.Entity<Lead>(e =>
        {
            e.ToTable("leads");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.EmailKey).HasMaxLength(320);
            e.Property(x => x.EmailCanonical).HasMaxLength(320);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.PhoneKey).HasMaxLength(10);
            e.Property(x => x.Company).HasMaxLength(200);
            e.Property(x => x.NameKey).HasMaxLength(402);
            e.Property(x => x.JobTitle).HasMaxLength(200);
            e.Property(x => x.Industry).HasMaxLength(100);
            e.Property(x => x.Source).HasMaxLength(60);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.Rating).HasMaxLength(10);
            e.Property(x => x.OwnerName).HasMaxLength(200);
            // The factors behind the score, as one JSON document the lead page explains the score from.
            e.Property(x => x.ScoreFactors).HasColumnType("jsonb").HasConversion(
                factors => JsonSerializer.Serialize(factors, ScoreFactorJson),
                json => JsonSerializer.Deserialize<List<ScoreFactor>>(json, ScoreFactorJson) ?? new List<ScoreFactor>(),
                new ValueComparer<List<ScoreFactor>>((a, b) => a!.SequenceEqual(b!), f => f.Aggregate(0, (h, x) => HashCode.Combine(h, x)), f => f.ToList()));
            e.Property(x => x.SearchText)
                .HasComputedColumnSql("lower(name || ' ' || email || ' ' || coalesce(company, ''))", stored: true);
            e.Property(x => x.Version).IsRowVersion();
            // The indexes the earlier platform listed, each led by tenant_id as row-level security filters by it.
            e.HasIndex(x => new { x.TenantId, x.EmailKey }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.Score, x.CreatedAt, x.Id }).IsDescending(false, true, true, true);
            e.HasIndex(x => new { x.TenantId, x.CreatedAt, x.Id }).IsDescending(false, true, true);
            e.HasIndex(x => new { x.TenantId, x.Name, x.Id });
            e.HasIndex(x => new { x.TenantId, x.Status });
            e.HasIndex(x => new { x.TenantId, x.Source });
            e.HasIndex(x => new { x.TenantId, x.OwnerId });
            e.HasIndex(x => new { x.TenantId, x.EmailCanonical });
            e.HasIndex(x => new { x.TenantId, x.PhoneKey });
            e.HasIndex(x => new { x.TenantId, x.NameKey });
            e.HasIndex(x => x.Tags).HasMethod("gin");
            // Leads not scored yet (written before scoring existed): the rescoring worker looks for them every few seconds.
            e.HasIndex(x => x.TenantId).HasFilter("scored_at IS NULL").HasDatabaseName("ix_leads_unscored");
            // Search: the tenant and the trigrams in one GIN index (btree_gin), so a search reads only the tenant's matches.
            e.HasIndex(x => new { x.TenantId, x.SearchText }).HasMethod("gin").HasOperators("uuid_ops", "gin_trgm_ops");
        });

        modelBuilder.Entity<LeadSource>(e =>
        {
            e.ToTable("lead_sources");
            e.Property(x => x.Key).HasMaxLength(60);
            e.Property(x => x.Label).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.Key }).IsUnique();
        });

        modelBuilder.Entity<Company>(e =>
        {
            e.ToTable("companies");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.NameKey).HasMaxLength(200);
            e.Property(x => x.Domain).HasMaxLength(253);
            e.Property(x => x.Industry).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.Domain }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.NameKey });
        });

        modelBuilder.Entity<Contact>(e =>
        {
            e.ToTable("contacts");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.EmailKey).HasMaxLength(320);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.JobTitle).HasMaxLength(200);
            e.Property(x => x.OwnerName).HasMaxLength(200);
            e.HasIndex(x => new { x.TenantId, x.EmailKey });
            e.HasIndex(x => new { x.TenantId, x.CompanyId });
            e.HasOne<Company>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<Pipeline>(e =>
        {
            e.ToTable("pipelines");
            e.Property(x => x.Name).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
            // One default pipeline per tenant.
            e.HasIndex(x => x.TenantId).IsUnique().HasFilter("is_default").HasDatabaseName("ix_pipelines_one_default_per_tenant");
            e.HasMany(x => x.Stages).WithOne().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PipelineStage>(e =>
        {
            e.ToTable("pipeline_stages");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Kind).HasMaxLength(10);
            e.HasIndex(x => new { x.PipelineId, x.Position });
        });

        modelBuilder.Entity<Deal>(e =>
        {
            e.ToTable("deals");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Amount).HasPrecision(18, 2);
            e.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(x => x.OwnerName).HasMaxLength(200);
            e.Property(x => x.CloseReason).HasMaxLength(500);
            e.Property(x => x.Version).IsRowVersion();
            e.HasIndex(x => new { x.TenantId, x.StageId });
            e.HasIndex(x => new { x.TenantId, x.CreatedAt });
            e.HasIndex(x => new { x.TenantId, x.LeadId });
            e.HasIndex(x => new { x.TenantId, x.CompanyId });
            e.HasIndex(x => new { x.TenantId, x.ContactId });
            e.HasOne<Pipeline>().WithMany().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PipelineStage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Company>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Lead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<Activity>(e =>
        {
            e.ToTable("activities", t => t.HasCheckConstraint("ck_activities_one_subject",
                "num_nonnulls(lead_id, contact_id, company_id, deal_id) = 1"));
            e.Property(x => x.Kind).HasMaxLength(10);
            e.Property(x => x.Subject).HasMaxLength(200);
            e.Property(x => x.Body).HasMaxLength(5000);
            e.Property(x => x.CreatedByName).HasMaxLength(200);
            e.HasIndex(x => new { x.TenantId, x.LeadId, x.OccurredAt });
            e.HasIndex(x => new { x.TenantId, x.ContactId, x.OccurredAt });
            e.HasIndex(x => new { x.TenantId, x.CompanyId, x.OccurredAt });
            e.HasIndex(x => new { x.TenantId, x.DealId, x.OccurredAt });
            e.HasIndex(x => new { x.TenantId, x.OccurredAt });
            e.HasOne<Lead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Company>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RecordChange>(e =>
        {
            e.ToTable("record_changes");
            e.Property(x => x.EntityType).HasMaxLength(20);
            e.Property(x => x.Action).HasMaxLength(30);
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.Property(x => x.Summary).HasMaxLength(500);
            e.HasIndex(x => new { x.TenantId, x.EntityType, x.EntityId, x.OccurredAt });
            e.HasIndex(x => new { x.TenantId, x.OccurredAt });
        });

        modelBuilder.Entity<ScoringSettings>(e =>
        {
            e.ToTable("scoring_settings");
            e.HasKey(x => x.TenantId);
        });

        modelBuilder.Entity<QualificationRequest>(e =>
        {
            e.MapOutboxApprovalRequest("qualification_requests");
            e.Property(x => x.Title).HasMaxLength(300);
            e.HasIndex(x => new { x.TenantId, x.LeadId });
            e.HasOne<Lead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<KnownTenant>(e =>
        {
            e.ToTable("known_tenants");
            e.HasKey(x => x.TenantId);
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class CrmDbDesignTimeFactory : IDesignTimeDbContextFactory<CrmDb>
{
    public CrmDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CrmDb>().UseNpgsql("Host=localhost;Database=crmdb").UseSnakeCaseNamingConvention().Options);
}
