using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BizOSaaS.Hub.Data.Migrations
{
    /// <inheritdoc />
    public partial class Approvals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "approval_settings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    urgent_due_after = table.Column<TimeSpan>(type: "interval", nullable: false),
                    high_due_after = table.Column<TimeSpan>(type: "interval", nullable: false),
                    medium_due_after = table.Column<TimeSpan>(type: "interval", nullable: false),
                    low_due_after = table.Column<TimeSpan>(type: "interval", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "approval_types",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    display_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    expiry_policy = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    expires_after = table.Column<TimeSpan>(type: "interval", nullable: false),
                    candidate_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    built_in = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_types", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "approval_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    payload = table.Column<string>(type: "json", nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    origin_service = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    callback_path = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    requested_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    requested_by_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    requested_by_client = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    requested_by_agent = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    candidate_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    assignee_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    assignee_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    escalated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    decided_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_approval_requests_approval_types_type",
                        column: x => x.type,
                        principalTable: "approval_types",
                        principalColumn: "name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "approval_callbacks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    origin_service = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    callback_path = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "json", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_status_code = table.Column<int>(type: "integer", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_callbacks", x => x.id);
                    table.ForeignKey(
                        name: "fk_approval_callbacks_approval_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "approval_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "approval_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    from_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    to_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from_priority = table.Column<int>(type: "integer", nullable: true),
                    to_priority = table.Column<int>(type: "integer", nullable: true),
                    actor = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_approval_events_approval_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "approval_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_approval_callbacks_request_id",
                table: "approval_callbacks",
                column: "request_id");

            migrationBuilder.CreateIndex(
                name: "ix_approval_callbacks_tenant_id_next_attempt_at",
                table: "approval_callbacks",
                columns: new[] { "tenant_id", "next_attempt_at" },
                filter: "delivered_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_approval_events_request_id_occurred_at",
                table: "approval_events",
                columns: new[] { "request_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests_tenant_id_decided_at_id",
                table: "approval_requests",
                columns: new[] { "tenant_id", "decided_at", "id" },
                filter: "decided_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests_tenant_id_due_at",
                table: "approval_requests",
                columns: new[] { "tenant_id", "due_at" },
                filter: "status = 'pending' AND escalated_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests_tenant_id_expires_at",
                table: "approval_requests",
                columns: new[] { "tenant_id", "expires_at" },
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests_tenant_id_status_priority_due_at_id",
                table: "approval_requests",
                columns: new[] { "tenant_id", "status", "priority", "due_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests_type",
                table: "approval_requests",
                column: "type");

            migrationBuilder.CreateIndex(
                name: "ix_approval_settings_tenant_id_changed_at",
                table: "approval_settings",
                columns: new[] { "tenant_id", "changed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "approval_callbacks");

            migrationBuilder.DropTable(
                name: "approval_events");

            migrationBuilder.DropTable(
                name: "approval_settings");

            migrationBuilder.DropTable(
                name: "approval_requests");

            migrationBuilder.DropTable(
                name: "approval_types");
        }
    }
}
