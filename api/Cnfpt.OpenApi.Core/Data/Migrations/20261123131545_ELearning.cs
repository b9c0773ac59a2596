using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cnfpt.OpenApi.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ELearning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_elearning_progress_collectivite_id",
                table: "elearning_progress");

            migrationBuilder.RenameColumn(
                name: "updated_at",
                table: "elearning_progress",
                newName: "last_reported_at");

            migrationBuilder.AlterColumn<decimal>(
                name: "score",
                table: "elearning_progress",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric(12,2)",
                oldPrecision: 12,
                oldScale: 2,
                oldNullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "available",
                table: "elearning_modules",
                type: "boolean",
                nullable: false,
                defaultValue: true); // modules that exist are available

            migrationBuilder.AddColumn<int>(
                name: "course_id",
                table: "elearning_modules",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "elearning_modules",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "diagnostic_questions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    module_id = table.Column<int>(type: "integer", nullable: false),
                    skill = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    statement = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    is_true = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_diagnostic_questions", x => x.id);
                    table.ForeignKey(
                        name: "fk_diagnostic_questions_elearning_modules_module_id",
                        column: x => x.module_id,
                        principalTable: "elearning_modules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "elearning_programmes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: true),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    targeted_agents = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_elearning_programmes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tutor_requests",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    agent_id = table.Column<int>(type: "integer", nullable: false),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    module_id = table.Column<int>(type: "integer", nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    answer = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answered_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tutor_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_tutor_requests_agents_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_tutor_requests_collectivites_collectivite_id",
                        column: x => x.collectivite_id,
                        principalTable: "collectivites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_tutor_requests_elearning_modules_module_id",
                        column: x => x.module_id,
                        principalTable: "elearning_modules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "programme_modules",
                columns: table => new
                {
                    programme_id = table.Column<int>(type: "integer", nullable: false),
                    module_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programme_modules", x => new { x.programme_id, x.module_id });
                    table.ForeignKey(
                        name: "fk_programme_modules_elearning_modules_module_id",
                        column: x => x.module_id,
                        principalTable: "elearning_modules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_programme_modules_elearning_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "elearning_programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "programme_targets",
                columns: table => new
                {
                    programme_id = table.Column<int>(type: "integer", nullable: false),
                    agent_id = table.Column<int>(type: "integer", nullable: false),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programme_targets", x => new { x.programme_id, x.agent_id });
                    table.ForeignKey(
                        name: "fk_programme_targets_agents_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_programme_targets_collectivites_collectivite_id",
                        column: x => x.collectivite_id,
                        principalTable: "collectivites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_programme_targets_elearning_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "elearning_programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_elearning_progress_collectivite_id_module_id",
                table: "elearning_progress",
                columns: new[] { "collectivite_id", "module_id" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_elearning_progress_score",
                table: "elearning_progress",
                sql: "score IS NULL OR (CAST(score AS REAL) BETWEEN 0 AND 100 AND status = 'Completed')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_elearning_progress_time",
                table: "elearning_progress",
                sql: "time_spent_minutes BETWEEN 0 AND 10000");

            migrationBuilder.CreateIndex(
                name: "ix_elearning_modules_course_id",
                table: "elearning_modules",
                column: "course_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_elearning_modules_duration",
                table: "elearning_modules",
                sql: "duration_minutes BETWEEN 15 AND 120");

            migrationBuilder.CreateIndex(
                name: "ix_diagnostic_questions_module_id",
                table: "diagnostic_questions",
                column: "module_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_modules_module_id",
                table: "programme_modules",
                column: "module_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_targets_agent_id",
                table: "programme_targets",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_targets_collectivite_id",
                table: "programme_targets",
                column: "collectivite_id");

            migrationBuilder.CreateIndex(
                name: "ix_programme_targets_programme_id_collectivite_id_agent_id",
                table: "programme_targets",
                columns: new[] { "programme_id", "collectivite_id", "agent_id" });

            migrationBuilder.CreateIndex(
                name: "ix_tutor_requests_agent_id",
                table: "tutor_requests",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_tutor_requests_collectivite_id_status",
                table: "tutor_requests",
                columns: new[] { "collectivite_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_tutor_requests_module_id",
                table: "tutor_requests",
                column: "module_id");

            migrationBuilder.AddForeignKey(
                name: "fk_elearning_modules_courses_course_id",
                table: "elearning_modules",
                column: "course_id",
                principalTable: "courses",
                principalColumn: "id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_elearning_modules_courses_course_id",
                table: "elearning_modules");

            migrationBuilder.DropTable(
                name: "diagnostic_questions");

            migrationBuilder.DropTable(
                name: "programme_modules");

            migrationBuilder.DropTable(
                name: "programme_targets");

            migrationBuilder.DropTable(
                name: "tutor_requests");

            migrationBuilder.DropTable(
                name: "elearning_programmes");

            migrationBuilder.DropIndex(
                name: "ix_elearning_progress_collectivite_id_module_id",
                table: "elearning_progress");

            migrationBuilder.DropCheckConstraint(
                name: "ck_elearning_progress_score",
                table: "elearning_progress");

            migrationBuilder.DropCheckConstraint(
                name: "ck_elearning_progress_time",
                table: "elearning_progress");

            migrationBuilder.DropIndex(
                name: "ix_elearning_modules_course_id",
                table: "elearning_modules");

            migrationBuilder.DropCheckConstraint(
                name: "ck_elearning_modules_duration",
                table: "elearning_modules");

            migrationBuilder.DropColumn(
                name: "available",
                table: "elearning_modules");

            migrationBuilder.DropColumn(
                name: "course_id",
                table: "elearning_modules");

            migrationBuilder.DropColumn(
                name: "description",
                table: "elearning_modules");

            migrationBuilder.RenameColumn(
                name: "last_reported_at",
                table: "elearning_progress",
                newName: "updated_at");

            migrationBuilder.AlterColumn<decimal>(
                name: "score",
                table: "elearning_progress",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric(5,2)",
                oldPrecision: 5,
                oldScale: 2,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_elearning_progress_collectivite_id",
                table: "elearning_progress",
                column: "collectivite_id");
        }
    }
}
