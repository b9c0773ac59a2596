using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cnfpt.OpenApi.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionTimestamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "created_at",
                table: "sessions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "sessions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            // Existing sessions were published before this migration: "now" is the best their history allows. The
            // default only fills them; from here on the DbContext sets both columns.
            migrationBuilder.Sql("ALTER TABLE sessions ALTER COLUMN created_at DROP DEFAULT, ALTER COLUMN updated_at DROP DEFAULT;");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_updated_at",
                table: "sessions",
                column: "updated_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sessions_updated_at",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "sessions");
        }
    }
}
