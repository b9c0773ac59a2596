using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cnfpt.OpenApi.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AttendanceAndAttestations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_attestations_enrolment_id",
                table: "attestations");

            migrationBuilder.AddColumn<int>(
                name: "agent_id",
                table: "attestations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "revocation_reason",
                table: "attestations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "session_id",
                table: "attestations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "responsibility_post_date",
                table: "agents",
                type: "date",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_attestations_agent_id",
                table: "attestations",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_attestations_session_id",
                table: "attestations",
                column: "session_id");

            migrationBuilder.CreateIndex(
                name: "ux_attestations_valid_enrolment",
                table: "attestations",
                column: "enrolment_id",
                unique: true,
                filter: "status = 'Valid'");

            migrationBuilder.AddForeignKey(
                name: "fk_attestations_agents_agent_id",
                table: "attestations",
                column: "agent_id",
                principalTable: "agents",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_attestations_sessions_session_id",
                table: "attestations",
                column: "session_id",
                principalTable: "sessions",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_attestations_agents_agent_id",
                table: "attestations");

            migrationBuilder.DropForeignKey(
                name: "fk_attestations_sessions_session_id",
                table: "attestations");

            migrationBuilder.DropIndex(
                name: "ix_attestations_agent_id",
                table: "attestations");

            migrationBuilder.DropIndex(
                name: "ix_attestations_session_id",
                table: "attestations");

            migrationBuilder.DropIndex(
                name: "ux_attestations_valid_enrolment",
                table: "attestations");

            migrationBuilder.DropColumn(
                name: "agent_id",
                table: "attestations");

            migrationBuilder.DropColumn(
                name: "revocation_reason",
                table: "attestations");

            migrationBuilder.DropColumn(
                name: "session_id",
                table: "attestations");

            migrationBuilder.DropColumn(
                name: "responsibility_post_date",
                table: "agents");

            migrationBuilder.CreateIndex(
                name: "ix_attestations_enrolment_id",
                table: "attestations",
                column: "enrolment_id");
        }
    }
}
