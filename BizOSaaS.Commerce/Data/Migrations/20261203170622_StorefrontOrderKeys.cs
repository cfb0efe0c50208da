using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BizOSaaS.Commerce.Data.Migrations
{
    /// <inheritdoc />
    public partial class StorefrontOrderKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "access_key",
                table: "orders",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "access_key",
                table: "orders");
        }
    }
}
