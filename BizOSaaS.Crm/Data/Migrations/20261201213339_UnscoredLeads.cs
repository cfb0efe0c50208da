using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BizOSaaS.Crm.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnscoredLeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_leads_unscored",
                table: "leads",
                column: "tenant_id",
                filter: "scored_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_leads_unscored",
                table: "leads");
        }
    }
}
