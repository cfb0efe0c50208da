using BizOSaaS.Commerce.Approvals;
using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Checkouts;
using BizOSaaS.Commerce.Inventory;
using BizOSaaS.Commerce.Orders;
using BizOSaaS.Commerce.Payments;
using BizOSaaS.Commerce.Sourcing;
using BizOSaaS.Commerce.Store;
using BizOSaaS.Commerce.Suppliers;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.Data.Approvals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BizOSaaS.Commerce.Data;

/// <summary>The commerce service's database (commercedb). Every table but the service's own bookkeeping is tenant-owned.</summary>
public sealed class CommerceDb(DbContextOptions<CommerceDb> options) : DbContext(options)
{
    public const string OrderNumbers = "order_numbers";

    public DbSet<ServiceStart> ServiceStarts => Set<ServiceStart>();
    public DbSet<StoreSettings> StoreSettings => Set<StoreSettings>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<ProductType> ProductTypes => Set<ProductType>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductVariant> Variants => Set<ProductVariant>();
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
    public DbSet<Stock> Stocks => Set<Stock>();
    public DbSet<Allocation> Allocations => Set<Allocation>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<StockReservation> StockReservations => Set<StockReservation>();
    public DbSet<ShippingMethod> ShippingMethods => Set<ShippingMethod>();
    public DbSet<Voucher> Vouchers => Set<Voucher>();
    public DbSet<VoucherUse> VoucherUses => Set<VoucherUse>();
    public DbSet<Checkout> Checkouts => Set<Checkout>();
    public DbSet<CheckoutLine> CheckoutLines => Set<CheckoutLine>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Fulfillment> Fulfillments => Set<Fulfillment>();
    public DbSet<FulfillmentLine> FulfillmentLines => Set<FulfillmentLine>();
    public DbSet<PaymentTransaction> PaymentTransactions => Set<PaymentTransaction>();
    public DbSet<TransactionEvent> TransactionEvents => Set<TransactionEvent>();
    public DbSet<Supplier> Suppliers => Set<Supplier>();
    public DbSet<SupplierDocument> SupplierDocuments => Set<SupplierDocument>();
    public DbSet<SupplierPriceObservation> SupplierPrices => Set<SupplierPriceObservation>();
    public DbSet<SourcingCandidate> SourcingCandidates => Set<SourcingCandidate>();
    public DbSet<ApprovalOutboxItem> ApprovalOutbox => Set<ApprovalOutboxItem>();
    public DbSet<KnownTenant> KnownTenants => Set<KnownTenant>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddServiceStarts();
        // Product search: trigram and tenant-led GIN indexes (ADR 27).
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.HasPostgresExtension("btree_gin");
        // Order numbers: one sequence for all tenants, so concurrent checkouts never wait on each other for a number.
        modelBuilder.HasSequence<long>(OrderNumbers).StartsAt(1000);

        modelBuilder.Entity<StoreSettings>(e =>
        {
            e.ToTable("store_settings");
            e.HasKey(x => x.TenantId);
            e.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(x => x.TaxRatePercent).HasPrecision(5, 2);
            e.Property(x => x.SourcingThreshold).HasPrecision(5, 2);
            e.Property(x => x.MarketplaceFeePercent).HasPrecision(5, 2);
            e.Property(x => x.CountryRisk).IsJsonColumn();
        });

        modelBuilder.Entity<Category>(e =>
        {
            e.ToTable("categories");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Slug).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.Slug }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.ParentId });
            e.HasOne<Category>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ProductType>(e =>
        {
            e.ToTable("product_types");
            e.Property(x => x.Name).HasMaxLength(100);
            e.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
            e.Property(x => x.Attributes).IsJsonColumn();
        });

        modelBuilder.Entity<Product>(e =>
        {
            e.ToTable("products");
            e.Property(x => x.Attributes).IsJsonColumn();
            e.HasIndex(x => new { x.TenantId, x.ProductTypeId });
            e.HasOne<ProductType>().WithMany().HasForeignKey(x => x.ProductTypeId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(5000);
            e.HasIndex(x => new { x.TenantId, x.CreatedAt });
            e.HasIndex(x => new { x.TenantId, x.CategoryId });
            e.HasOne<Category>().WithMany().HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(x => x.Variants).WithOne().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Cascade);
            // One draft product per approved sourcing candidate, however often the approval is delivered.
            e.HasIndex(x => x.SourcingCandidateId).IsUnique().HasFilter("sourcing_candidate_id IS NOT NULL");
        });

        modelBuilder.Entity<ProductVariant>(e =>
        {
            e.ToTable("product_variants");
            e.Property(x => x.Sku).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            Money(e.Property(x => x.Price));
            Money(e.Property(x => x.CostPrice));
            e.HasIndex(x => new { x.TenantId, x.Sku }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.ProductId });
        });

        modelBuilder.Entity<Warehouse>(e =>
        {
            e.ToTable("warehouses");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.City).HasMaxLength(100);
            e.Property(x => x.Country).HasMaxLength(2).IsFixedLength();
            e.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
        });

        modelBuilder.Entity<Stock>(e =>
        {
            e.ToTable("stocks", t =>
            {
                t.HasCheckConstraint("ck_stocks_quantity_not_negative", "quantity >= 0");
                t.HasCheckConstraint("ck_stocks_allocated_within_quantity", "allocated >= 0 AND allocated <= quantity");
            });
            e.Ignore(x => x.Available);
            e.HasIndex(x => new { x.VariantId, x.WarehouseId }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.WarehouseId });
            e.HasOne<ProductVariant>().WithMany().HasForeignKey(x => x.VariantId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Allocation>(e =>
        {
            e.ToTable("allocations", t => t.HasCheckConstraint("ck_allocations_quantity_positive", "quantity > 0"));
            e.HasIndex(x => new { x.TenantId, x.OrderLineId });
            e.HasOne<OrderLine>().WithMany().HasForeignKey(x => x.OrderLineId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Stock>().WithMany().HasForeignKey(x => x.StockId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<StockReservation>(e =>
        {
            e.ToTable("stock_reservations", t => t.HasCheckConstraint("ck_stock_reservations_quantity_positive", "quantity > 0"));
            e.HasIndex(x => new { x.VariantId, x.ReservedUntil });
            e.HasIndex(x => new { x.CheckoutId, x.VariantId }).IsUnique();
            e.HasOne<Checkout>().WithMany().HasForeignKey(x => x.CheckoutId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ProductVariant>().WithMany().HasForeignKey(x => x.VariantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<StockMovement>(e =>
        {
            e.ToTable("stock_movements");
            e.Property(x => x.Reason).HasMaxLength(20);
            e.Property(x => x.Note).HasMaxLength(500);
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.HasIndex(x => new { x.TenantId, x.VariantId, x.OccurredAt });
        });

        modelBuilder.Entity<ShippingMethod>(e =>
        {
            e.ToTable("shipping_methods");
            e.Property(x => x.Name).HasMaxLength(100);
            Money(e.Property(x => x.Price));
            e.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
        });

        modelBuilder.Entity<Voucher>(e =>
        {
            e.ToTable("vouchers", t => t.HasCheckConstraint("ck_vouchers_used_within_limit", "used >= 0 AND (usage_limit IS NULL OR used <= usage_limit)"));
            e.Property(x => x.Code).HasMaxLength(50);
            e.Property(x => x.Kind).HasMaxLength(10);
            Money(e.Property(x => x.Value));
            e.HasIndex(x => new { x.TenantId, x.Code }).IsUnique();
        });

        modelBuilder.Entity<VoucherUse>(e =>
        {
            e.ToTable("voucher_uses");
            e.Property(x => x.CustomerEmail).HasMaxLength(320);
            e.HasIndex(x => new { x.VoucherId, x.CustomerEmail }).IsUnique().HasFilter("once_per_customer").HasDatabaseName("ix_voucher_uses_once_per_customer");
            e.HasIndex(x => new { x.TenantId, x.OrderId });
            e.HasOne<Voucher>().WithMany().HasForeignKey(x => x.VoucherId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Order>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Checkout>(e =>
        {
            e.ToTable("checkouts");
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.VoucherCode).HasMaxLength(50);
            e.Property(x => x.ShippingAddress).IsJsonColumn();
            e.HasIndex(x => new { x.TenantId, x.UpdatedAt });
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.CheckoutId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ShippingMethod>().WithMany().HasForeignKey(x => x.ShippingMethodId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<CheckoutLine>(e =>
        {
            e.ToTable("checkout_lines");
            e.HasIndex(x => new { x.CheckoutId, x.VariantId }).IsUnique();
            e.HasOne<ProductVariant>().WithMany().HasForeignKey(x => x.VariantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Order>(e =>
        {
            e.ToTable("orders", t => t.HasCheckConstraint("ck_orders_money_reconciles", "refunded >= 0 AND refunded <= charged AND charged - refunded <= total"));
            e.Property(x => x.Number).HasDefaultValueSql($"nextval('{OrderNumbers}')");
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.ShippingMethodName).HasMaxLength(100);
            e.Property(x => x.VoucherCode).HasMaxLength(50);
            e.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(x => x.AccessKey).HasMaxLength(64);
            e.Property(x => x.ShippingAddress).IsJsonColumn();
            foreach (var amount in new[] { nameof(Order.Subtotal), nameof(Order.Discount), nameof(Order.Shipping), nameof(Order.Tax), nameof(Order.Total), nameof(Order.Charged), nameof(Order.Refunded) })
            {
                e.Property<decimal>(amount).HasPrecision(18, 2);
            }
            e.Property(x => x.Version).IsRowVersion();
            // One order per checkout: the completion's idempotency, kept by the database.
            e.HasIndex(x => x.CheckoutId).IsUnique();
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.CreatedAt });
            e.HasIndex(x => new { x.TenantId, x.Status });
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Fulfillments).WithOne().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<OrderLine>(e =>
        {
            e.ToTable("order_lines", t => t.HasCheckConstraint("ck_order_lines_fulfilled_within_quantity", "quantity_fulfilled >= 0 AND quantity_fulfilled <= quantity"));
            e.Property(x => x.ProductName).HasMaxLength(200);
            e.Property(x => x.VariantName).HasMaxLength(200);
            e.Property(x => x.Sku).HasMaxLength(64);
            Money(e.Property(x => x.UnitPrice));
            Money(e.Property(x => x.Total));
            e.HasIndex(x => new { x.TenantId, x.OrderId });
            e.HasIndex(x => new { x.TenantId, x.ProductId });
        });

        modelBuilder.Entity<Fulfillment>(e =>
        {
            e.ToTable("fulfillments");
            e.HasIndex(x => new { x.TenantId, x.OrderId });
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.FulfillmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<FulfillmentLine>(e =>
        {
            e.ToTable("fulfillment_lines", t => t.HasCheckConstraint("ck_fulfillment_lines_quantity_positive", "quantity > 0"));
            e.HasOne<OrderLine>().WithMany().HasForeignKey(x => x.OrderLineId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PaymentTransaction>(e =>
        {
            e.ToTable("payment_transactions", t => t.HasCheckConstraint("ck_payment_transactions_refund_within_charge", "refunded >= 0 AND refunded <= charged"));
            e.Property(x => x.Method).HasMaxLength(30);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.Reference).HasMaxLength(100);
            Money(e.Property(x => x.Requested));
            Money(e.Property(x => x.Charged));
            Money(e.Property(x => x.Refunded));
            e.HasIndex(x => new { x.TenantId, x.OrderId });
            e.HasOne<Order>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Events).WithOne().HasForeignKey(x => x.TransactionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TransactionEvent>(e =>
        {
            e.ToTable("transaction_events");
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Message).HasMaxLength(500);
            e.Property(x => x.ActorName).HasMaxLength(200);
            Money(e.Property(x => x.Amount));
            e.HasIndex(x => new { x.TenantId, x.TransactionId });
        });

        modelBuilder.Entity<Supplier>(e =>
        {
            e.ToTable("suppliers");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Country).HasMaxLength(2).IsFixedLength();
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.Website).HasMaxLength(500);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.StatusReason).HasMaxLength(2500);
            e.Property(x => x.RiskLevel).HasMaxLength(10);
            e.Property(x => x.ApprovedRiskLevel).HasMaxLength(10);
            e.Property(x => x.RiskScore).HasPrecision(5, 1);
            e.Property(x => x.ApprovedRiskScore).HasPrecision(5, 1);
            e.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
            e.HasMany(x => x.Documents).WithOne().HasForeignKey(x => x.SupplierId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SupplierDocument>(e =>
        {
            e.ToTable("supplier_documents");
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Number).HasMaxLength(100);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Url).HasMaxLength(500);
            e.HasIndex(x => new { x.TenantId, x.SupplierId });
        });

        modelBuilder.Entity<SupplierPriceObservation>(e =>
        {
            e.ToTable("supplier_price_observations");
            e.Property(x => x.Sku).HasMaxLength(64);
            Money(e.Property(x => x.Cost));
            e.HasIndex(x => new { x.TenantId, x.SupplierId, x.ObservedAt });
            e.HasOne<Supplier>().WithMany().HasForeignKey(x => x.SupplierId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SourcingCandidate>(e =>
        {
            e.ToTable("sourcing_candidates");
            e.Property(x => x.SupplierSku).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(5000);
            e.Property(x => x.Category).HasMaxLength(100);
            e.Property(x => x.ImageUrl).HasMaxLength(500);
            e.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.DecidedBy).HasMaxLength(320);
            Money(e.Property(x => x.Cost));
            Money(e.Property(x => x.ShippingCost));
            Money(e.Property(x => x.SuggestedPrice));
            e.Property(x => x.Score).HasPrecision(5, 1);
            e.Property(x => x.Threshold).HasPrecision(5, 2);
            e.Property(x => x.Factors).IsJsonColumn();
            e.Property(x => x.Version).IsRowVersion();
            e.HasIndex(x => new { x.TenantId, x.SupplierId, x.SupplierSku }).IsUnique();
            e.HasIndex(x => new { x.TenantId, x.Status, x.Score });
            e.HasOne<Supplier>().WithMany().HasForeignKey(x => x.SupplierId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApprovalOutboxItem>(e =>
        {
            e.MapOutboxApprovalRequest("approval_outbox");
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Type).HasMaxLength(50);
            e.Property(x => x.Priority).HasMaxLength(10);
            e.HasIndex(x => new { x.TenantId, x.SubjectId });
        });

        modelBuilder.Entity<KnownTenant>(e =>
        {
            e.ToTable("known_tenants");
            e.HasKey(x => x.TenantId);
        });
    }

    private static void Money<T>(PropertyBuilder<T> property) => property.HasPrecision(18, 2);
}

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class CommerceDbDesignTimeFactory : IDesignTimeDbContextFactory<CommerceDb>
{
    public CommerceDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CommerceDb>().UseNpgsql("Host=localhost;Database=commercedb").UseSnakeCaseNamingConvention().Options);
}
