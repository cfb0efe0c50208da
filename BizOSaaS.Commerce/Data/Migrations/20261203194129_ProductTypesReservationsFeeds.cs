using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BizOSaaS.Commerce.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductTypesReservationsFeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "stock_reservation_seconds",
                table: "store_settings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "attributes",
                table: "products",
                type: "jsonb",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<bool>(
                name: "is_visible_in_listings",
                table: "products",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<Guid>(
                name: "product_type_id",
                table: "products",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "product_types",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    attributes = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_types", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stock_reservations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    checkout_id = table.Column<Guid>(type: "uuid", nullable: false),
                    variant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    reserved_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_reservations", x => x.id);
                    table.CheckConstraint("ck_stock_reservations_quantity_positive", "quantity > 0");
                    table.ForeignKey(
                        name: "fk_stock_reservations_checkouts_checkout_id",
                        column: x => x.checkout_id,
                        principalTable: "checkouts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_stock_reservations_product_variants_variant_id",
                        column: x => x.variant_id,
                        principalTable: "product_variants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_products_product_type_id",
                table: "products",
                column: "product_type_id");

            migrationBuilder.CreateIndex(
                name: "ix_products_tenant_id_product_type_id",
                table: "products",
                columns: new[] { "tenant_id", "product_type_id" });

            migrationBuilder.CreateIndex(
                name: "ix_product_types_tenant_id_name",
                table: "product_types",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stock_reservations_checkout_id_variant_id",
                table: "stock_reservations",
                columns: new[] { "checkout_id", "variant_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stock_reservations_variant_id_reserved_until",
                table: "stock_reservations",
                columns: new[] { "variant_id", "reserved_until" });

            migrationBuilder.AddForeignKey(
                name: "fk_products_product_types_product_type_id",
                table: "products",
                column: "product_type_id",
                principalTable: "product_types",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // Product search (ADR 27) reads attribute values too, weighted with the category and variants (B) (ADR 30).
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION product_search_refresh(product uuid) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                    INSERT INTO product_search (product_id, tenant_id, document, name_key)
                    SELECT p.id, p.tenant_id,
                           setweight(to_tsvector('simple', p.name), 'A')
                           || setweight(to_tsvector('simple', coalesce(c.name, '') || ' ' || coalesce(string_agg(v.name || ' ' || v.sku, ' '), '')
                                                    || ' ' || coalesce((SELECT string_agg(a.value, ' ') FROM jsonb_each_text(p.attributes) a), '')), 'B')
                           || setweight(to_tsvector('simple', coalesce(p.description, '')), 'C'),
                           lower(p.name)
                    FROM products p LEFT JOIN categories c ON c.id = p.category_id LEFT JOIN product_variants v ON v.product_id = p.id
                    WHERE p.id = product
                    GROUP BY p.id, c.name
                    ON CONFLICT (product_id) DO UPDATE SET document = excluded.document, name_key = excluded.name_key;
                $$;
                DROP TRIGGER product_search_refresh ON products;
                CREATE TRIGGER product_search_refresh AFTER INSERT OR UPDATE OF name, description, category_id, attributes ON products
                    FOR EACH ROW EXECUTE FUNCTION product_search_on_product();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION product_search_refresh(product uuid) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                    INSERT INTO product_search (product_id, tenant_id, document, name_key)
                    SELECT p.id, p.tenant_id,
                           setweight(to_tsvector('simple', p.name), 'A')
                           || setweight(to_tsvector('simple', coalesce(c.name, '') || ' ' || coalesce(string_agg(v.name || ' ' || v.sku, ' '), '')), 'B')
                           || setweight(to_tsvector('simple', coalesce(p.description, '')), 'C'),
                           lower(p.name)
                    FROM products p LEFT JOIN categories c ON c.id = p.category_id LEFT JOIN product_variants v ON v.product_id = p.id
                    WHERE p.id = product
                    GROUP BY p.id, c.name
                    ON CONFLICT (product_id) DO UPDATE SET document = excluded.document, name_key = excluded.name_key;
                $$;
                DROP TRIGGER product_search_refresh ON products;
                CREATE TRIGGER product_search_refresh AFTER INSERT OR UPDATE OF name, description, category_id ON products
                    FOR EACH ROW EXECUTE FUNCTION product_search_on_product();
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_products_product_types_product_type_id",
                table: "products");

            migrationBuilder.DropTable(
                name: "product_types");

            migrationBuilder.DropTable(
                name: "stock_reservations");

            migrationBuilder.DropIndex(
                name: "ix_products_product_type_id",
                table: "products");

            migrationBuilder.DropIndex(
                name: "ix_products_tenant_id_product_type_id",
                table: "products");

            migrationBuilder.DropColumn(
                name: "stock_reservation_seconds",
                table: "store_settings");

            migrationBuilder.DropColumn(
                name: "attributes",
                table: "products");

            migrationBuilder.DropColumn(
                name: "is_visible_in_listings",
                table: "products");

            migrationBuilder.DropColumn(
                name: "product_type_id",
                table: "products");
        }
    }
}
