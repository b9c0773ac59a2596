using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cnfpt.OpenApi.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatisticsTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "collectivite_type",
                table: "statistics_cells",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "commune_code",
                table: "statistics_cells",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "departement_code",
                table: "statistics_cells",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "strate",
                table: "statistics_cells",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "theme_code",
                table: "statistics_cells",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "collectivite_type",
                table: "statistics_cells");

            migrationBuilder.DropColumn(
                name: "commune_code",
                table: "statistics_cells");

            migrationBuilder.DropColumn(
                name: "departement_code",
                table: "statistics_cells");

            migrationBuilder.DropColumn(
                name: "strate",
                table: "statistics_cells");

            migrationBuilder.DropColumn(
                name: "theme_code",
                table: "statistics_cells");
        }
    }
}
