using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BizOSaaS.Crm.Data.Migrations
{
    /// <inheritdoc />
    public partial class CrmModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_created_at",
                table: "leads");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<Guid>(
                name: "company_id",
                table: "leads",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "company_size",
                table: "leads",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "contact_id",
                table: "leads",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "converted_at",
                table: "leads",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "deal_id",
                table: "leads",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "email_canonical",
                table: "leads",
                type: "character varying(320)",
                maxLength: 320,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "email_key",
                table: "leads",
                type: "character varying(320)",
                maxLength: 320,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "engagement_score",
                table: "leads",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "fit_score",
                table: "leads",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "industry",
                table: "leads",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_demo",
                table: "leads",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "job_title",
                table: "leads",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_contacted_at",
                table: "leads",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name_key",
                table: "leads",
                type: "character varying(402)",
                maxLength: 402,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_follow_up_at",
                table: "leads",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "owner_id",
                table: "leads",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "owner_name",
                table: "leads",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "phone",
                table: "leads",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "phone_key",
                table: "leads",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rating",
                table: "leads",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "cold");

            migrationBuilder.AddColumn<int>(
                name: "score",
                table: "leads",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "score_factors",
                table: "leads",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "scored_at",
                table: "leads",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "leads",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "leads",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "new");

            migrationBuilder.AddColumn<List<string>>(
                name: "tags",
                table: "leads",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "leads",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "leads",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "leads",
                type: "text",
                nullable: false,
                computedColumnSql: "lower(name || ' ' || email || ' ' || coalesce(company, ''))",
                stored: true);

            // Leads from before this migration get their keys; emails that were entered twice (nothing stopped it
            // then) keep their rows, each later one with a key of its own, so the duplicates page can merge them.
            // Row-level security is lifted for the owner for this one data fix, in this transaction only.
            migrationBuilder.Sql("""
                ALTER TABLE leads NO FORCE ROW LEVEL SECURITY;
                UPDATE leads SET email_key = lower(trim(email)), email_canonical = lower(trim(email)),
                    name_key = lower(trim(name)) || '|' || lower(trim(coalesce(company, ''))), updated_at = created_at;
                UPDATE leads l SET email_key = l.email_key || '#' || l.id
                FROM (SELECT id, row_number() OVER (PARTITION BY tenant_id, email_key ORDER BY created_at, id) AS n FROM leads) d
                WHERE d.id = l.id AND d.n > 1;
                ALTER TABLE leads FORCE ROW LEVEL SECURITY;
                """);

            migrationBuilder.CreateTable(
                name: "companies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    domain = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    industry = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    size = table.Column<int>(type: "integer", nullable: true),
                    is_demo = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_companies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "known_tenants",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_known_tenants", x => x.tenant_id);
                });

            migrationBuilder.CreateTable(
                name: "lead_sources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lead_sources", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pipelines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipelines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "qualification_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    payload = table.Column<JsonDocument>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    approval_request_id = table.Column<Guid>(type: "uuid", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    decision_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_qualification_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_qualification_requests_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "record_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entity_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    changes = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_changes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scoring_settings",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_size_weight = table.Column<int>(type: "integer", nullable: false),
                    industry_weight = table.Column<int>(type: "integer", nullable: false),
                    seniority_weight = table.Column<int>(type: "integer", nullable: false),
                    email_domain_weight = table.Column<int>(type: "integer", nullable: false),
                    fit_share = table.Column<double>(type: "double precision", nullable: false),
                    target_industries = table.Column<List<string>>(type: "text[]", nullable: false),
                    note_points = table.Column<int>(type: "integer", nullable: false),
                    email_points = table.Column<int>(type: "integer", nullable: false),
                    call_points = table.Column<int>(type: "integer", nullable: false),
                    meeting_points = table.Column<int>(type: "integer", nullable: false),
                    task_points = table.Column<int>(type: "integer", nullable: false),
                    half_life_days = table.Column<double>(type: "double precision", nullable: false),
                    hot_threshold = table.Column<int>(type: "integer", nullable: false),
                    warm_threshold = table.Column<int>(type: "integer", nullable: false),
                    high_value_threshold = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rescore_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rescore_claimed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scoring_settings", x => x.tenant_id);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    email_key = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    job_title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    company_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: true),
                    is_demo = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contacts_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_stages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    probability = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipeline_stages", x => x.id);
                    table.ForeignKey(
                        name: "fk_pipeline_stages_pipelines_pipeline_id",
                        column: x => x.pipeline_id,
                        principalTable: "pipelines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "deals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stage_id = table.Column<Guid>(type: "uuid", nullable: false),
                    probability = table.Column<int>(type: "integer", nullable: false),
                    expected_close_date = table.Column<DateOnly>(type: "date", nullable: true),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    close_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: true),
                    company_id = table.Column<Guid>(type: "uuid", nullable: true),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: true),
                    is_demo = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deals", x => x.id);
                    table.ForeignKey(
                        name: "fk_deals_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_deals_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_deals_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_deals_pipeline_stages_stage_id",
                        column: x => x.stage_id,
                        principalTable: "pipeline_stages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deals_pipelines_pipeline_id",
                        column: x => x.pipeline_id,
                        principalTable: "pipelines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "activities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done = table.Column<bool>(type: "boolean", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: true),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: true),
                    company_id = table.Column<Guid>(type: "uuid", nullable: true),
                    deal_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    is_demo = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activities", x => x.id);
                    table.CheckConstraint("ck_activities_one_subject", "num_nonnulls(lead_id, contact_id, company_id, deal_id) = 1");
                    table.ForeignKey(
                        name: "fk_activities_companies_company_id",
                        column: x => x.company_id,
                        principalTable: "companies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_activities_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_activities_deals_deal_id",
                        column: x => x.deal_id,
                        principalTable: "deals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_activities_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_leads_search_text",
                table: "leads",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tags",
                table: "leads",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_created_at_id",
                table: "leads",
                columns: new[] { "tenant_id", "created_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_email_canonical",
                table: "leads",
                columns: new[] { "tenant_id", "email_canonical" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_email_key",
                table: "leads",
                columns: new[] { "tenant_id", "email_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_name_id",
                table: "leads",
                columns: new[] { "tenant_id", "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_name_key",
                table: "leads",
                columns: new[] { "tenant_id", "name_key" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_owner_id",
                table: "leads",
                columns: new[] { "tenant_id", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_phone_key",
                table: "leads",
                columns: new[] { "tenant_id", "phone_key" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_score_created_at_id",
                table: "leads",
                columns: new[] { "tenant_id", "score", "created_at", "id" },
                descending: new[] { false, true, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_source",
                table: "leads",
                columns: new[] { "tenant_id", "source" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_status",
                table: "leads",
                columns: new[] { "tenant_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_company_id",
                table: "activities",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_activities_contact_id",
                table: "activities",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_activities_deal_id",
                table: "activities",
                column: "deal_id");

            migrationBuilder.CreateIndex(
                name: "ix_activities_lead_id",
                table: "activities",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_activities_tenant_id_company_id_occurred_at",
                table: "activities",
                columns: new[] { "tenant_id", "company_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_tenant_id_contact_id_occurred_at",
                table: "activities",
                columns: new[] { "tenant_id", "contact_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_tenant_id_deal_id_occurred_at",
                table: "activities",
                columns: new[] { "tenant_id", "deal_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_tenant_id_lead_id_occurred_at",
                table: "activities",
                columns: new[] { "tenant_id", "lead_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_activities_tenant_id_occurred_at",
                table: "activities",
                columns: new[] { "tenant_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_companies_tenant_id_domain",
                table: "companies",
                columns: new[] { "tenant_id", "domain" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_companies_tenant_id_name_key",
                table: "companies",
                columns: new[] { "tenant_id", "name_key" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_company_id",
                table: "contacts",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_tenant_id_company_id",
                table: "contacts",
                columns: new[] { "tenant_id", "company_id" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_tenant_id_email_key",
                table: "contacts",
                columns: new[] { "tenant_id", "email_key" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_company_id",
                table: "deals",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_contact_id",
                table: "deals",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_lead_id",
                table: "deals",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_pipeline_id",
                table: "deals",
                column: "pipeline_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_stage_id",
                table: "deals",
                column: "stage_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_tenant_id_company_id",
                table: "deals",
                columns: new[] { "tenant_id", "company_id" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_tenant_id_contact_id",
                table: "deals",
                columns: new[] { "tenant_id", "contact_id" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_tenant_id_created_at",
                table: "deals",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_tenant_id_lead_id",
                table: "deals",
                columns: new[] { "tenant_id", "lead_id" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_tenant_id_stage_id",
                table: "deals",
                columns: new[] { "tenant_id", "stage_id" });

            migrationBuilder.CreateIndex(
                name: "ix_lead_sources_tenant_id_key",
                table: "lead_sources",
                columns: new[] { "tenant_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pipeline_stages_pipeline_id_position",
                table: "pipeline_stages",
                columns: new[] { "pipeline_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_pipelines_one_default_per_tenant",
                table: "pipelines",
                column: "tenant_id",
                unique: true,
                filter: "is_default");

            migrationBuilder.CreateIndex(
                name: "ix_pipelines_tenant_id_name",
                table: "pipelines",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_qualification_requests_lead_id",
                table: "qualification_requests",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_qualification_requests_tenant_id_idempotency_key",
                table: "qualification_requests",
                columns: new[] { "tenant_id", "idempotency_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_qualification_requests_tenant_id_lead_id",
                table: "qualification_requests",
                columns: new[] { "tenant_id", "lead_id" });

            migrationBuilder.CreateIndex(
                name: "ix_qualification_requests_tenant_id_status_next_attempt_at",
                table: "qualification_requests",
                columns: new[] { "tenant_id", "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_record_changes_tenant_id_entity_type_entity_id_occurred_at",
                table: "record_changes",
                columns: new[] { "tenant_id", "entity_type", "entity_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_record_changes_tenant_id_occurred_at",
                table: "record_changes",
                columns: new[] { "tenant_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activities");

            migrationBuilder.DropTable(
                name: "known_tenants");

            migrationBuilder.DropTable(
                name: "lead_sources");

            migrationBuilder.DropTable(
                name: "qualification_requests");

            migrationBuilder.DropTable(
                name: "record_changes");

            migrationBuilder.DropTable(
                name: "scoring_settings");

            migrationBuilder.DropTable(
                name: "deals");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropTable(
                name: "pipeline_stages");

            migrationBuilder.DropTable(
                name: "companies");

            migrationBuilder.DropTable(
                name: "pipelines");

            migrationBuilder.DropIndex(
                name: "ix_leads_search_text",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tags",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_created_at_id",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_email_canonical",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_email_key",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_name_id",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_name_key",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_owner_id",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_phone_key",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_score_created_at_id",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_source",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_status",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "search_text",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "company_id",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "company_size",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "contact_id",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "converted_at",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "deal_id",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "email_canonical",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "email_key",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "engagement_score",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "fit_score",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "industry",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "is_demo",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "job_title",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "last_contacted_at",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "name_key",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "next_follow_up_at",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "owner_id",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "owner_name",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "phone",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "phone_key",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "rating",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "score",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "score_factors",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "scored_at",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "source",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "status",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "tags",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "leads");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_created_at",
                table: "leads",
                columns: new[] { "tenant_id", "created_at" });
        }
    }
}
