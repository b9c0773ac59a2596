using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cnfpt.OpenApi.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "domains",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_domains", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "print_batches",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    printed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_print_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regions", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "themes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    domain_id = table.Column<int>(type: "integer", nullable: false),
                    territorialisation_threshold = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_themes", x => x.id);
                    table.CheckConstraint("ck_themes_threshold", "territorialisation_threshold >= 12");
                    table.ForeignKey(
                        name: "fk_themes_domains_domain_id",
                        column: x => x.domain_id,
                        principalTable: "domains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "departements",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    region_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_departements", x => x.code);
                    table.ForeignKey(
                        name: "fk_departements_regions_region_code",
                        column: x => x.region_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "courses",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    theme_id = table.Column<int>(type: "integer", nullable: false),
                    modality = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    duration_days = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    target_categories = table.Column<int>(type: "integer", nullable: false),
                    funding = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    paid_reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    price_per_trainee = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    obligation_kind = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    search_text = table.Column<string>(type: "character varying(4200)", maxLength: 4200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_courses", x => x.id);
                    table.CheckConstraint("ck_courses_duration", "duration_days > 0");
                    table.CheckConstraint("ck_courses_paid_reason", "(funding = 'Paid') = (paid_reason IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_courses_themes_theme_id",
                        column: x => x.theme_id,
                        principalTable: "themes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "elearning_modules",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    theme_id = table.Column<int>(type: "integer", nullable: false),
                    duration_minutes = table.Column<int>(type: "integer", nullable: false),
                    has_diagnostic = table.Column<bool>(type: "boolean", nullable: false),
                    tutor_available = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_elearning_modules", x => x.id);
                    table.ForeignKey(
                        name: "fk_elearning_modules_themes_theme_id",
                        column: x => x.theme_id,
                        principalTable: "themes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "communes",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    departement_code = table.Column<string>(type: "character varying(3)", nullable: false),
                    population = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_communes", x => x.code);
                    table.ForeignKey(
                        name: "fk_communes_departements_departement_code",
                        column: x => x.departement_code,
                        principalTable: "departements",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "delegations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    region_code = table.Column<string>(type: "character varying(2)", nullable: false),
                    commune_code = table.Column<string>(type: "character varying(5)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delegations", x => x.id);
                    table.ForeignKey(
                        name: "fk_delegations_communes_commune_code",
                        column: x => x.commune_code,
                        principalTable: "communes",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_delegations_regions_region_code",
                        column: x => x.region_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "acknowledgements",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    enrolment_id = table.Column<int>(type: "integer", nullable: false),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    content = table.Column<string>(type: "text", nullable: false),
                    print_batch_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_acknowledgements", x => x.id);
                    table.ForeignKey(
                        name: "fk_acknowledgements_print_batches_print_batch_id",
                        column: x => x.print_batch_id,
                        principalTable: "print_batches",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    employer_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: true),
                    category = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    cadre_emplois = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    appointment_date = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "attendance_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    enrolment_id = table.Column<int>(type: "integer", nullable: false),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    half_day = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    present = table.Column<bool>(type: "boolean", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    supersedes_id = table.Column<long>(type: "bigint", nullable: true),
                    is_current = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attendance_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_attendance_records_attendance_records_supersedes_id",
                        column: x => x.supersedes_id,
                        principalTable: "attendance_records",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "attestations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    enrolment_id = table.Column<int>(type: "integer", nullable: false),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    days_attended = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    half_days_attended = table.Column<int>(type: "integer", nullable: false),
                    obligation_kind = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    replaced_by_id = table.Column<int>(type: "integer", nullable: true),
                    key_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    signed_token = table.Column<string>(type: "text", nullable: true),
                    print_batch_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attestations", x => x.id);
                    table.ForeignKey(
                        name: "fk_attestations_attestations_replaced_by_id",
                        column: x => x.replaced_by_id,
                        principalTable: "attestations",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_attestations_print_batches_print_batch_id",
                        column: x => x.print_batch_id,
                        principalTable: "print_batches",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "collectivites",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    siren = table.Column<string>(type: "character(9)", fixedLength: true, maxLength: 9, nullable: false),
                    name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    commune_code = table.Column<string>(type: "character varying(5)", nullable: false),
                    departement_code = table.Column<string>(type: "character varying(3)", nullable: false),
                    region_code = table.Column<string>(type: "character varying(2)", nullable: false),
                    strate = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    population = table.Column<int>(type: "integer", nullable: true),
                    agent_headcount = table.Column<int>(type: "integer", nullable: false),
                    exchange_preference = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    perimetre_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collectivites", x => x.id);
                    table.CheckConstraint("ck_collectivites_siren_digits", "length(siren) = 9");
                    table.ForeignKey(
                        name: "fk_collectivites_communes_commune_code",
                        column: x => x.commune_code,
                        principalTable: "communes",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collectivites_departements_departement_code",
                        column: x => x.departement_code,
                        principalTable: "departements",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collectivites_regions_region_code",
                        column: x => x.region_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "elearning_progress",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    agent_id = table.Column<int>(type: "integer", nullable: false),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    module_id = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    time_spent_minutes = table.Column<int>(type: "integer", nullable: false),
                    score = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_elearning_progress", x => x.id);
                    table.ForeignKey(
                        name: "fk_elearning_progress_agents_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_elearning_progress_collectivites_collectivite_id",
                        column: x => x.collectivite_id,
                        principalTable: "collectivites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_elearning_progress_elearning_modules_module_id",
                        column: x => x.module_id,
                        principalTable: "elearning_modules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mandates",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    granted_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mandates", x => x.id);
                    table.ForeignKey(
                        name: "fk_mandates_collectivites_collectivite_id",
                        column: x => x.collectivite_id,
                        principalTable: "collectivites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "perimetres",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    delegation_id = table.Column<int>(type: "integer", nullable: false),
                    coordinator_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_perimetres", x => x.id);
                    table.ForeignKey(
                        name: "fk_perimetres_collectivites_coordinator_id",
                        column: x => x.coordinator_id,
                        principalTable: "collectivites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_perimetres_delegations_delegation_id",
                        column: x => x.delegation_id,
                        principalTable: "delegations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    course_id = table.Column<int>(type: "integer", nullable: false),
                    delegation_id = table.Column<int>(type: "integer", nullable: false),
                    commune_code = table.Column<string>(type: "character varying(5)", nullable: false),
                    venue = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    seats_taken = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    perimetre_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sessions", x => x.id);
                    table.CheckConstraint("ck_sessions_dates", "end_date >= start_date");
                    table.CheckConstraint("ck_sessions_seats", "seats_taken >= 0 AND seats_taken <= capacity");
                    table.ForeignKey(
                        name: "fk_sessions_communes_commune_code",
                        column: x => x.commune_code,
                        principalTable: "communes",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sessions_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "courses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sessions_delegations_delegation_id",
                        column: x => x.delegation_id,
                        principalTable: "delegations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sessions_perimetres_perimetre_id",
                        column: x => x.perimetre_id,
                        principalTable: "perimetres",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "enrolments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    agent_id = table.Column<int>(type: "integer", nullable: false),
                    session_id = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    motive = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    obligation_kind = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    waitlisted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancellation_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enrolments", x => x.id);
                    table.ForeignKey(
                        name: "fk_enrolments_agents_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_enrolments_collectivites_collectivite_id",
                        column: x => x.collectivite_id,
                        principalTable: "collectivites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_enrolments_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "session_proposals",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    course_id = table.Column<int>(type: "integer", nullable: false),
                    perimetre_id = table.Column<int>(type: "integer", nullable: false),
                    demand = table.Column<int>(type: "integer", nullable: false),
                    suggested_period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    suggested_commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    scheduled_session_id = table.Column<int>(type: "integer", nullable: true),
                    decline_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_proposals", x => x.id);
                    table.ForeignKey(
                        name: "fk_session_proposals_communes_suggested_commune_code",
                        column: x => x.suggested_commune_code,
                        principalTable: "communes",
                        principalColumn: "code");
                    table.ForeignKey(
                        name: "fk_session_proposals_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "courses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_session_proposals_perimetres_perimetre_id",
                        column: x => x.perimetre_id,
                        principalTable: "perimetres",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_session_proposals_sessions_scheduled_session_id",
                        column: x => x.scheduled_session_id,
                        principalTable: "sessions",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "enrolment_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    enrolment_id = table.Column<int>(type: "integer", nullable: false),
                    from_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    to_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enrolment_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_enrolment_events_enrolments_enrolment_id",
                        column: x => x.enrolment_id,
                        principalTable: "enrolments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_needs",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    collectivite_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    course_id = table.Column<int>(type: "integer", nullable: true),
                    theme_id = table.Column<int>(type: "integer", nullable: true),
                    agent_count = table.Column<int>(type: "integer", nullable: false),
                    priority = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    preferred_period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    preferred_commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    session_proposal_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_needs", x => x.id);
                    table.CheckConstraint("ck_training_needs_target", "course_id IS NOT NULL OR theme_id IS NOT NULL");
                    table.ForeignKey(
                        name: "fk_training_needs_collectivites_collectivite_id",
                        column: x => x.collectivite_id,
                        principalTable: "collectivites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_training_needs_communes_preferred_commune_code",
                        column: x => x.preferred_commune_code,
                        principalTable: "communes",
                        principalColumn: "code");
                    table.ForeignKey(
                        name: "fk_training_needs_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "courses",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_training_needs_session_proposals_session_proposal_id",
                        column: x => x.session_proposal_id,
                        principalTable: "session_proposals",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_training_needs_themes_theme_id",
                        column: x => x.theme_id,
                        principalTable: "themes",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "training_need_agents",
                columns: table => new
                {
                    training_need_id = table.Column<int>(type: "integer", nullable: false),
                    agent_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_need_agents", x => new { x.training_need_id, x.agent_id });
                    table.ForeignKey(
                        name: "fk_training_need_agents_agents_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_training_need_agents_training_needs_training_need_id",
                        column: x => x.training_need_id,
                        principalTable: "training_needs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_acknowledgements_collectivite_id",
                table: "acknowledgements",
                column: "collectivite_id");

            migrationBuilder.CreateIndex(
                name: "ix_acknowledgements_enrolment_id",
                table: "acknowledgements",
                column: "enrolment_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_acknowledgements_number",
                table: "acknowledgements",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_acknowledgements_print_batch_id",
                table: "acknowledgements",
                column: "print_batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_agents_collectivite_id_employer_reference",
                table: "agents",
                columns: new[] { "collectivite_id", "employer_reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attendance_records_collectivite_id",
                table: "attendance_records",
                column: "collectivite_id");

            migrationBuilder.CreateIndex(
                name: "ix_attendance_records_enrolment_id_date_half_day",
                table: "attendance_records",
                columns: new[] { "enrolment_id", "date", "half_day" });

            migrationBuilder.CreateIndex(
                name: "ix_attendance_records_supersedes_id",
                table: "attendance_records",
                column: "supersedes_id");

            migrationBuilder.CreateIndex(
                name: "ix_attestations_collectivite_id",
                table: "attestations",
                column: "collectivite_id");

            migrationBuilder.CreateIndex(
                name: "ix_attestations_enrolment_id",
                table: "attestations",
                column: "enrolment_id");

            migrationBuilder.CreateIndex(
                name: "ix_attestations_number",
                table: "attestations",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attestations_print_batch_id",
                table: "attestations",
                column: "print_batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_attestations_replaced_by_id",
                table: "attestations",
                column: "replaced_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_collectivites_commune_code",
                table: "collectivites",
                column: "commune_code");

            migrationBuilder.CreateIndex(
                name: "ix_collectivites_departement_code",
                table: "collectivites",
                column: "departement_code");

            migrationBuilder.CreateIndex(
                name: "ix_collectivites_perimetre_id",
                table: "collectivites",
                column: "perimetre_id");

            migrationBuilder.CreateIndex(
                name: "ix_collectivites_region_code",
                table: "collectivites",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_collectivites_siren",
                table: "collectivites",
                column: "siren",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_communes_departement_code",
                table: "communes",
                column: "departement_code");

            migrationBuilder.CreateIndex(
                name: "ix_courses_code",
                table: "courses",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_courses_search_text",
                table: "courses",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_courses_theme_id",
                table: "courses",
                column: "theme_id");

            migrationBuilder.CreateIndex(
                name: "ix_delegations_code",
                table: "delegations",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_delegations_commune_code",
                table: "delegations",
                column: "commune_code");

            migrationBuilder.CreateIndex(
                name: "ix_delegations_region_code",
                table: "delegations",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_departements_region_code",
                table: "departements",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "ix_domains_code",
                table: "domains",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_elearning_modules_code",
                table: "elearning_modules",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_elearning_modules_theme_id",
                table: "elearning_modules",
                column: "theme_id");

            migrationBuilder.CreateIndex(
                name: "ix_elearning_progress_agent_id_module_id",
                table: "elearning_progress",
                columns: new[] { "agent_id", "module_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_elearning_progress_collectivite_id",
                table: "elearning_progress",
                column: "collectivite_id");

            migrationBuilder.CreateIndex(
                name: "ix_elearning_progress_module_id",
                table: "elearning_progress",
                column: "module_id");

            migrationBuilder.CreateIndex(
                name: "ix_enrolment_events_enrolment_id",
                table: "enrolment_events",
                column: "enrolment_id");

            migrationBuilder.CreateIndex(
                name: "ix_enrolments_agent_id",
                table: "enrolments",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_enrolments_collectivite_id_status",
                table: "enrolments",
                columns: new[] { "collectivite_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_enrolments_session_id_status",
                table: "enrolments",
                columns: new[] { "session_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_mandates_client_id_collectivite_id",
                table: "mandates",
                columns: new[] { "client_id", "collectivite_id" });

            migrationBuilder.CreateIndex(
                name: "ix_mandates_collectivite_id",
                table: "mandates",
                column: "collectivite_id");

            migrationBuilder.CreateIndex(
                name: "ix_perimetres_coordinator_id",
                table: "perimetres",
                column: "coordinator_id");

            migrationBuilder.CreateIndex(
                name: "ix_perimetres_delegation_id",
                table: "perimetres",
                column: "delegation_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_proposals_course_id",
                table: "session_proposals",
                column: "course_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_proposals_perimetre_id",
                table: "session_proposals",
                column: "perimetre_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_proposals_scheduled_session_id",
                table: "session_proposals",
                column: "scheduled_session_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_proposals_suggested_commune_code",
                table: "session_proposals",
                column: "suggested_commune_code");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_commune_code",
                table: "sessions",
                column: "commune_code");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_course_id",
                table: "sessions",
                column: "course_id");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_delegation_id",
                table: "sessions",
                column: "delegation_id");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_perimetre_id",
                table: "sessions",
                column: "perimetre_id");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_start_date",
                table: "sessions",
                column: "start_date");

            migrationBuilder.CreateIndex(
                name: "ix_themes_code",
                table: "themes",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_themes_domain_id",
                table: "themes",
                column: "domain_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_need_agents_agent_id",
                table: "training_need_agents",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_needs_collectivite_id_year",
                table: "training_needs",
                columns: new[] { "collectivite_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_training_needs_course_id",
                table: "training_needs",
                column: "course_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_needs_preferred_commune_code",
                table: "training_needs",
                column: "preferred_commune_code");

            migrationBuilder.CreateIndex(
                name: "ix_training_needs_session_proposal_id",
                table: "training_needs",
                column: "session_proposal_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_needs_theme_id",
                table: "training_needs",
                column: "theme_id");

            migrationBuilder.AddForeignKey(
                name: "fk_acknowledgements_collectivites_collectivite_id",
                table: "acknowledgements",
                column: "collectivite_id",
                principalTable: "collectivites",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_acknowledgements_enrolments_enrolment_id",
                table: "acknowledgements",
                column: "enrolment_id",
                principalTable: "enrolments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_agents_collectivites_collectivite_id",
                table: "agents",
                column: "collectivite_id",
                principalTable: "collectivites",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_attendance_records_collectivites_collectivite_id",
                table: "attendance_records",
                column: "collectivite_id",
                principalTable: "collectivites",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_attendance_records_enrolments_enrolment_id",
                table: "attendance_records",
                column: "enrolment_id",
                principalTable: "enrolments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_attestations_collectivites_collectivite_id",
                table: "attestations",
                column: "collectivite_id",
                principalTable: "collectivites",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_attestations_enrolments_enrolment_id",
                table: "attestations",
                column: "enrolment_id",
                principalTable: "enrolments",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_collectivites_perimetres_perimetre_id",
                table: "collectivites",
                column: "perimetre_id",
                principalTable: "perimetres",
                principalColumn: "id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_perimetres_collectivites_coordinator_id",
                table: "perimetres");

            migrationBuilder.DropTable(
                name: "acknowledgements");

            migrationBuilder.DropTable(
                name: "attendance_records");

            migrationBuilder.DropTable(
                name: "attestations");

            migrationBuilder.DropTable(
                name: "elearning_progress");

            migrationBuilder.DropTable(
                name: "enrolment_events");

            migrationBuilder.DropTable(
                name: "mandates");

            migrationBuilder.DropTable(
                name: "training_need_agents");

            migrationBuilder.DropTable(
                name: "print_batches");

            migrationBuilder.DropTable(
                name: "elearning_modules");

            migrationBuilder.DropTable(
                name: "enrolments");

            migrationBuilder.DropTable(
                name: "training_needs");

            migrationBuilder.DropTable(
                name: "agents");

            migrationBuilder.DropTable(
                name: "session_proposals");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropTable(
                name: "courses");

            migrationBuilder.DropTable(
                name: "themes");

            migrationBuilder.DropTable(
                name: "domains");

            migrationBuilder.DropTable(
                name: "collectivites");

            migrationBuilder.DropTable(
                name: "perimetres");

            migrationBuilder.DropTable(
                name: "delegations");

            migrationBuilder.DropTable(
                name: "communes");

            migrationBuilder.DropTable(
                name: "departements");

            migrationBuilder.DropTable(
                name: "regions");
        }
    }
}
