using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BizOSaaS.Directory.Data.Migrations
{
    /// <summary>
    /// Autocomplete keeps the plans of its statements (ADR 31 addendum "plans kept"): PL/pgSQL caches them, but the plan
    /// cache judged each generic plan costlier than a custom one and planned every statement again at every call (a fifth
    /// of the function's time). Same answers, same indexes.
    /// </summary>
    public partial class SuggestKeepsItsPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A later CREATE OR REPLACE of directory_suggest drops this setting unless it says it again.
            migrationBuilder.Sql("ALTER FUNCTION directory_suggest(text, int) SET plan_cache_mode = force_generic_plan;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER FUNCTION directory_suggest(text, int) RESET plan_cache_mode;");
        }
    }
}
