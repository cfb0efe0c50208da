using BizOSaaS.Directory.Listings;
using BizOSaaS.Directory.Reviews;
using BizOSaaS.Directory.Taxonomy;
using BizOSaaS.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BizOSaaS.Directory.Data;

/// <summary>The directory service's database (directorydb).</summary>
public sealed class DirectoryDb(DbContextOptions<DirectoryDb> options) : DbContext(options)
{
    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();
    public DbSet<Business> Businesses => Set<Business>();
    public DbSet<Listing> Listings => Set<Listing>();
    public DbSet<ListingReview> Reviews => Set<ListingReview>();
    public DbSet<ReviewReport> ReviewReports => Set<ReviewReport>();
    public DbSet<DirectoryCategoryEntry> Categories => Set<DirectoryCategoryEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddServiceStarts();
        // Search (ADR 31): trigrams for spelling, unaccent for "München" = "munchen", levenshtein for how far a typo is.
        modelBuilder.HasPostgresExtension("pg_trgm").HasPostgresExtension("unaccent").HasPostgresExtension("fuzzystrmatch");
        modelBuilder.Entity<Business>(e =>
        {
            e.ToTable("businesses");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Category).HasMaxLength(100);
            e.Property(x => x.City).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.CreatedAt });
        });

        // The shared taxonomy, the same for every tenant (not tenant-owned): the search triggers read names and keywords here.
        modelBuilder.Entity<DirectoryCategoryEntry>(e =>
        {
            e.ToTable("directory_categories");
            e.HasKey(x => x.Slug);
            e.Property(x => x.Slug).HasMaxLength(50);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Parent).HasMaxLength(50);
            e.Property(x => x.Keywords).HasMaxLength(500);
            e.HasData(DirectoryTaxonomy.All);
        });

        modelBuilder.Entity<Listing>(e =>
        {
            e.ToTable("listings");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(5000);
            e.Property(x => x.Address).HasMaxLength(200);
            e.Property(x => x.City).HasMaxLength(100);
            e.Property(x => x.Region).HasMaxLength(100);
            e.Property(x => x.PostalCode).HasMaxLength(20);
            e.Property(x => x.Country).HasMaxLength(2);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.Website).HasMaxLength(500);
            e.Property(x => x.TimeZone).HasMaxLength(64);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.Hours).IsJsonColumn();
            e.Property(x => x.Exceptions).IsJsonColumn();
            e.Ignore(x => x.Rating);
            e.HasIndex(x => new { x.TenantId, x.CreatedAt });
            e.ToTable(t =>
            {
                t.HasCheckConstraint("ck_listings_status", "status IN ('draft', 'published', 'suspended')");
                t.HasCheckConstraint("ck_listings_reviews", "review_count >= 0 AND rating_sum >= review_count AND rating_sum <= 5 * review_count");
            });
        });

        modelBuilder.Entity<ListingReview>(e =>
        {
            e.ToTable("listing_reviews");
            e.Property(x => x.Text).HasMaxLength(2000);
            e.Property(x => x.ReviewerName).HasMaxLength(100);
            e.Property(x => x.ReviewerEmail).HasMaxLength(320);
            e.Property(x => x.Status).HasMaxLength(20);
            e.HasOne<Listing>().WithMany().HasForeignKey(x => x.ListingId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ListingId, x.ReviewerEmail }).IsUnique();
            e.HasIndex(x => new { x.ListingId, x.CreatedAt });
            e.ToTable(t =>
            {
                t.HasCheckConstraint("ck_listing_reviews_rating", "rating BETWEEN 1 AND 5");
                t.HasCheckConstraint("ck_listing_reviews_status", "status IN ('visible', 'reported', 'removed')");
            });
        });

        modelBuilder.Entity<ReviewReport>(e =>
        {
            e.ToTable("review_reports");
            e.Property(x => x.Reason).HasMaxLength(500);
            e.HasOne<ListingReview>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.ReviewId);
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class DirectoryDbDesignTimeFactory : IDesignTimeDbContextFactory<DirectoryDb>
{
    public DirectoryDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DirectoryDb>().UseNpgsql("Host=localhost;Database=directorydb").UseSnakeCaseNamingConvention().Options);
}
