using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cnfpt.OpenApi.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatisticsCube : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "statistics_releases",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    data_date = table.Column<DateOnly>(type: "date", nullable: false),
                    built_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    k = table.Column<int>(type: "integer", nullable: false),
                    cells = table.Column<int>(type: "integer", nullable: false),
                    primary_suppressed = table.Column<int>(type: "integer", nullable: false),
                    secondary_suppressed = table.Column<int>(type: "integer", nullable: false),
                    build_milliseconds = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statistics_releases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "statistics_cells",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    table = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    region_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    category = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    domain_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    modality = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    funding = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    suppressed = table.Column<bool>(type: "boolean", nullable: false),
                    agents = table.Column<int>(type: "integer", nullable: true),
                    trainees = table.Column<int>(type: "integer", nullable: true),
                    trainee_days = table.Column<decimal>(type: "numeric(14,1)", precision: 14, scale: 1, nullable: true),
                    enrolments = table.Column<int>(type: "integer", nullable: true),
                    attended = table.Column<int>(type: "integer", nullable: true),
                    absent = table.Column<int>(type: "integer", nullable: true),
                    cancelled = table.Column<int>(type: "integer", nullable: true),
                    refused = table.Column<int>(type: "integer", nullable: true),
                    waitlisted = table.Column<int>(type: "integer", nullable: true),
                    pending = table.Column<int>(type: "integer", nullable: true),
                    data_date = table.Column<DateOnly>(type: "date", nullable: false),
                    release_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_statistics_cells", x => x.id);
                    table.ForeignKey(
                        name: "fk_statistics_cells_statistics_releases_release_id",
                        column: x => x.release_id,
                        principalTable: "statistics_releases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_statistics_cells_release_id",
                table: "statistics_cells",
                column: "release_id");

            migrationBuilder.CreateIndex(
                name: "ix_statistics_cells_table_year_region_code",
                table: "statistics_cells",
                columns: new[] { "table", "year", "region_code" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "statistics_cells");

            migrationBuilder.DropTable(
                name: "statistics_releases");
        }
    }
}
