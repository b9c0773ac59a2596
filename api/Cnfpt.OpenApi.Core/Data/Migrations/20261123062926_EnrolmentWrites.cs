using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cnfpt.OpenApi.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class EnrolmentWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "printed_at",
                table: "print_batches",
                newName: "sent_at");

            migrationBuilder.AddColumn<DateOnly>(
                name: "day",
                table: "print_batches",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "sent_by",
                table: "print_batches",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "enrolments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "agents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    content_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    response_body = table.Column<byte[]>(type: "bytea", nullable: true),
                    response_headers = table.Column<string>(type: "text", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_records", x => new { x.client_id, x.key });
                });

            migrationBuilder.CreateIndex(
                name: "ix_print_batches_day",
                table: "print_batches",
                column: "day",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_enrolments_live_agent_session",
                table: "enrolments",
                columns: new[] { "agent_id", "session_id" },
                unique: true,
                filter: "status NOT IN ('Cancelled', 'Refused')");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_expires_at",
                table: "idempotency_records",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropIndex(
                name: "ix_print_batches_day",
                table: "print_batches");

            migrationBuilder.DropIndex(
                name: "ux_enrolments_live_agent_session",
                table: "enrolments");

            migrationBuilder.DropColumn(
                name: "day",
                table: "print_batches");

            migrationBuilder.DropColumn(
                name: "sent_by",
                table: "print_batches");

            migrationBuilder.DropColumn(
                name: "version",
                table: "enrolments");

            migrationBuilder.DropColumn(
                name: "version",
                table: "agents");

            migrationBuilder.RenameColumn(
                name: "sent_at",
                table: "print_batches",
                newName: "printed_at");
        }
    }
}
