using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cnfpt.OpenApi.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeerSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "collectivite_theme_days",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    theme_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    trainee_days = table.Column<decimal>(type: "numeric(14,1)", precision: 14, scale: 1, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collectivite_theme_days", x => new { x.year, x.collectivite_id, x.theme_code });
                    table.ForeignKey(
                        name: "fk_collectivite_theme_days_collectivites_collectivite_id",
                        column: x => x.collectivite_id,
                        principalTable: "collectivites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collectivite_year_summaries",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    agents_trained = table.Column<int>(type: "integer", nullable: false),
                    trainee_days = table.Column<decimal>(type: "numeric(14,1)", precision: 14, scale: 1, nullable: false),
                    enrolments = table.Column<int>(type: "integer", nullable: false),
                    attended = table.Column<int>(type: "integer", nullable: false),
                    absences = table.Column<int>(type: "integer", nullable: false),
                    cancellations = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collectivite_year_summaries", x => new { x.year, x.collectivite_id });
                    table.ForeignKey(
                        name: "fk_collectivite_year_summaries_collectivites_collectivite_id",
                        column: x => x.collectivite_id,
                        principalTable: "collectivites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_collectivite_theme_days_collectivite_id",
                table: "collectivite_theme_days",
                column: "collectivite_id");

            migrationBuilder.CreateIndex(
                name: "ix_collectivite_year_summaries_collectivite_id",
                table: "collectivite_year_summaries",
                column: "collectivite_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "collectivite_theme_days");

            migrationBuilder.DropTable(
                name: "collectivite_year_summaries");
        }
    }
}
