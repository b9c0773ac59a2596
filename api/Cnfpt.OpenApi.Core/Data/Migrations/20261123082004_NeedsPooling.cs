using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cnfpt.OpenApi.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class NeedsPooling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_training_needs_course_id",
                table: "training_needs");

            migrationBuilder.DropIndex(
                name: "ix_session_proposals_course_id",
                table: "session_proposals");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                table: "training_needs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "decided_at",
                table: "session_proposals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "threshold",
                table: "session_proposals",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "year",
                table: "session_proposals",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_training_needs_course_id_year",
                table: "training_needs",
                columns: new[] { "course_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ux_session_proposals_open",
                table: "session_proposals",
                columns: new[] { "course_id", "perimetre_id", "year" },
                unique: true,
                filter: "status = 'Proposed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_training_needs_course_id_year",
                table: "training_needs");

            migrationBuilder.DropIndex(
                name: "ux_session_proposals_open",
                table: "session_proposals");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "training_needs");

            migrationBuilder.DropColumn(
                name: "decided_at",
                table: "session_proposals");

            migrationBuilder.DropColumn(
                name: "threshold",
                table: "session_proposals");

            migrationBuilder.DropColumn(
                name: "year",
                table: "session_proposals");

            migrationBuilder.CreateIndex(
                name: "ix_training_needs_course_id",
                table: "training_needs",
                column: "course_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_proposals_course_id",
                table: "session_proposals",
                column: "course_id");
        }
    }
}
