using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Cnfpt.OpenApi.Core.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cnfpt.OpenApi.Core.Data;

/// <summary>
/// The one DbContext of the mission. PostgreSQL in production and tests (migrations in
/// <c>Migrations/</c>); SQLite only for the sandbox, created with EnsureCreated.
/// </summary>
public sealed class CnfptDbContext(DbContextOptions<CnfptDbContext> options) : DbContext(options)
{
    /// <summary>
    /// Whose rows this context may read. Set by the API for each request from the caller's mandates; every
    /// tenant-owned entity has a query filter on it, so no controller can forget the check.
    /// </summary>
    public TenantScope Tenant { get; set; } = TenantScope.None;

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Departement> Departements => Set<Departement>();
    public DbSet<Commune> Communes => Set<Commune>();
    public DbSet<Delegation> Delegations => Set<Delegation>();
    public DbSet<Collectivite> Collectivites => Set<Collectivite>();
    public DbSet<Perimetre> Perimetres => Set<Perimetre>();
    public DbSet<Mandate> Mandates => Set<Mandate>();
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<TrainingDomain> Domains => Set<TrainingDomain>();
    public DbSet<Theme> Themes => Set<Theme>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Enrolment> Enrolments => Set<Enrolment>();
    public DbSet<EnrolmentEvent> EnrolmentEvents => Set<EnrolmentEvent>();
    public DbSet<Acknowledgement> Acknowledgements => Set<Acknowledgement>();
    public DbSet<AttendanceRecord> AttendanceRecords => Set<AttendanceRecord>();
    public DbSet<Attestation> Attestations => Set<Attestation>();
    public DbSet<PrintBatch> PrintBatches => Set<PrintBatch>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<TrainingNeed> TrainingNeeds => Set<TrainingNeed>();
    public DbSet<TrainingNeedAgent> TrainingNeedAgents => Set<TrainingNeedAgent>();
    public DbSet<SessionProposal> SessionProposals => Set<SessionProposal>();
    public DbSet<ELearningModule> ElearningModules => Set<ELearningModule>();
    public DbSet<ModuleProgress> ElearningProgress => Set<ModuleProgress>();
    public DbSet<DiagnosticQuestion> DiagnosticQuestions => Set<DiagnosticQuestion>();
    public DbSet<TutorRequest> TutorRequests => Set<TutorRequest>();
    public DbSet<ELearningProgramme> ElearningProgrammes => Set<ELearningProgramme>();
    public DbSet<ProgrammeModule> ProgrammeModules => Set<ProgrammeModule>();
    public DbSet<ProgrammeTarget> ProgrammeTargets => Set<ProgrammeTarget>();
    public DbSet<StatisticsCell> StatisticsCells => Set<StatisticsCell>();
    public DbSet<StatisticsRelease> StatisticsReleases => Set<StatisticsRelease>();
    public DbSet<Bilan.CollectiviteYearSummary> CollectiviteYearSummaries => Set<Bilan.CollectiviteYearSummary>();
    public DbSet<Bilan.CollectiviteThemeDays> CollectiviteThemeDays => Set<Bilan.CollectiviteThemeDays>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Enums as text (readable SQL and exports; adding a member never renumbers rows). The
        // TargetCategories set stays an integer so that "has flag" filters translate to a bitwise AND.
        configurationBuilder.Properties<DelegationKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<CollectiviteType>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Strate>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ExchangePreference>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AgentCategory>().HaveConversion<string>().HaveMaxLength(1);
        configurationBuilder.Properties<AgentStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Modality>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Funding>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<PaidReason>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ObligationKind>().HaveConversion<string>().HaveMaxLength(48);
        configurationBuilder.Properties<SessionStatus>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<EnrolmentStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<HalfDay>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AttestationStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<NeedPriority>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<NeedStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<SessionProposalStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ModuleProgressStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TutorRequestStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<decimal>().HavePrecision(12, 2);

        if (Database.IsSqlite())
        {
            // SQLite stores DateTimeOffset as text it cannot compare or sort; as a long it can.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        else
        {
            // Npgsql accepts only UTC offsets for timestamptz.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasPostgresExtension("pg_trgm");
        // OAuth clients, tokens and scopes (OpenIddict's entities, in this database).
        modelBuilder.UseOpenIddict();
        ConfigureTenantFilters(modelBuilder);

        modelBuilder.Entity<Region>(e =>
        {
            e.HasKey(r => r.Code);
            e.Property(r => r.Code).HasMaxLength(2);
            e.Property(r => r.Name).HasMaxLength(80);
        });
        modelBuilder.Entity<Departement>(e =>
        {
            e.HasKey(d => d.Code);
            e.Property(d => d.Code).HasMaxLength(3);
            e.Property(d => d.Name).HasMaxLength(80);
            e.Property(d => d.RegionCode).HasMaxLength(2);
            e.HasOne(d => d.Region).WithMany(r => r.Departements).HasForeignKey(d => d.RegionCode);
        });
        modelBuilder.Entity<Commune>(e =>
        {
            e.HasKey(c => c.Code);
            e.Property(c => c.Code).HasMaxLength(5);
            e.Property(c => c.Name).HasMaxLength(80);
            e.HasOne(c => c.Departement).WithMany().HasForeignKey(c => c.DepartementCode);
        });
        modelBuilder.Entity<Delegation>(e =>
        {
            e.HasIndex(d => d.Code).IsUnique();
            e.Property(d => d.Code).HasMaxLength(16);
            e.Property(d => d.Name).HasMaxLength(120);
            e.HasOne(d => d.Region).WithMany().HasForeignKey(d => d.RegionCode);
            e.HasOne(d => d.Commune).WithMany().HasForeignKey(d => d.CommuneCode);
        });
        modelBuilder.Entity<Collectivite>(e =>
        {
            e.HasIndex(c => c.Siren).IsUnique();
            e.Property(c => c.Siren).HasMaxLength(9).IsFixedLength();
            e.Property(c => c.Name).HasMaxLength(160);
            e.HasOne(c => c.Commune).WithMany().HasForeignKey(c => c.CommuneCode);
            e.HasOne<Departement>().WithMany().HasForeignKey(c => c.DepartementCode);
            e.HasOne<Region>().WithMany().HasForeignKey(c => c.RegionCode);
            e.HasOne(c => c.Perimetre).WithMany(p => p.Members).HasForeignKey(c => c.PerimetreId);
            e.ToTable(t => t.HasCheckConstraint("ck_collectivites_siren_digits", "length(siren) = 9"));
        });
        modelBuilder.Entity<Perimetre>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(160);
            e.HasOne(p => p.Delegation).WithMany().HasForeignKey(p => p.DelegationId);
            e.HasOne(p => p.Coordinator).WithMany().HasForeignKey(p => p.CoordinatorId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Mandate>(e =>
        {
            e.Property(m => m.ClientId).HasMaxLength(100);
            e.Property(m => m.GrantedBy).HasMaxLength(100);
            e.Property(m => m.RevokedBy).HasMaxLength(100);
            e.HasIndex(m => new { m.ClientId, m.CollectiviteId });
            e.HasOne(m => m.Collectivite).WithMany().HasForeignKey(m => m.CollectiviteId);
        });
        modelBuilder.Entity<Agent>(e =>
        {
            e.HasIndex(a => new { a.CollectiviteId, a.EmployerReference }).IsUnique();
            e.Property(a => a.Version).IsConcurrencyToken();
            e.Property(a => a.EmployerReference).HasMaxLength(64);
            e.Property(a => a.LastName).HasMaxLength(100);
            e.Property(a => a.FirstName).HasMaxLength(100);
            e.Property(a => a.CadreEmplois).HasMaxLength(100);
            e.HasOne(a => a.Collectivite).WithMany().HasForeignKey(a => a.CollectiviteId);
        });
        modelBuilder.Entity<TrainingDomain>(e =>
        {
            e.ToTable("domains");
            e.HasIndex(d => d.Code).IsUnique();
            e.Property(d => d.Code).HasMaxLength(16);
            e.Property(d => d.Name).HasMaxLength(120);
        });
        modelBuilder.Entity<Theme>(e =>
        {
            e.HasIndex(t => t.Code).IsUnique();
            e.Property(t => t.Code).HasMaxLength(16);
            e.Property(t => t.Name).HasMaxLength(120);
            e.HasOne(t => t.Domain).WithMany(d => d.Themes).HasForeignKey(t => t.DomainId);
            e.ToTable(t => t.HasCheckConstraint("ck_themes_threshold", $"territorialisation_threshold >= {Territorialisation.LowestThreshold}"));
        });
        modelBuilder.Entity<Course>(e =>
        {
            e.HasIndex(c => c.Code).IsUnique();
            e.Property(c => c.Code).HasMaxLength(16);
            e.Property(c => c.Title).HasMaxLength(200);
            e.Property(c => c.Description).HasMaxLength(4000);
            e.Property(c => c.SearchText).HasMaxLength(4200);
            e.HasIndex(c => c.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
            e.HasOne(c => c.Theme).WithMany(t => t.Courses).HasForeignKey(c => c.ThemeId);
            e.ToTable(t =>
            {
                t.HasCheckConstraint("ck_courses_paid_reason", "(funding = 'Paid') = (paid_reason IS NOT NULL)");
                t.HasCheckConstraint("ck_courses_duration", "duration_days > 0");
            });
        });
        modelBuilder.Entity<Session>(e =>
        {
            e.Property(s => s.Venue).HasMaxLength(200);
            e.HasIndex(s => s.StartDate);
            // The feeds read the most recently changed sessions first.
            e.HasIndex(s => s.UpdatedAt);
            e.HasOne(s => s.Course).WithMany(c => c.Sessions).HasForeignKey(s => s.CourseId);
            e.HasOne(s => s.Delegation).WithMany(d => d.Sessions).HasForeignKey(s => s.DelegationId);
            e.HasOne(s => s.Commune).WithMany().HasForeignKey(s => s.CommuneCode);
            e.HasOne(s => s.Perimetre).WithMany().HasForeignKey(s => s.PerimetreId);
            e.ToTable(t =>
            {
                t.HasCheckConstraint("ck_sessions_seats", "seats_taken >= 0 AND seats_taken <= capacity");
                t.HasCheckConstraint("ck_sessions_dates", "end_date >= start_date");
            });
        });
        modelBuilder.Entity<Enrolment>(e =>
        {
            e.Property(x => x.Motive).HasMaxLength(500);
            e.Property(x => x.Comment).HasMaxLength(2000);
            e.Property(x => x.SubmittedBy).HasMaxLength(100);
            e.Property(x => x.CancellationReason).HasMaxLength(500);
            e.HasIndex(x => new { x.SessionId, x.Status });
            e.HasIndex(x => new { x.CollectiviteId, x.Status });
            e.HasIndex(x => x.AgentId);
            // At most one live bulletin per agent and session, enforced by the database itself.
            e.HasIndex(x => new { x.AgentId, x.SessionId }).IsUnique().HasFilter("status NOT IN ('Cancelled', 'Refused')").HasDatabaseName("ux_enrolments_live_agent_session");
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Collectivite).WithMany().HasForeignKey(x => x.CollectiviteId);
            e.HasOne(x => x.Agent).WithMany().HasForeignKey(x => x.AgentId);
            e.HasOne(x => x.Session).WithMany().HasForeignKey(x => x.SessionId);
        });
        modelBuilder.Entity<EnrolmentEvent>(e =>
        {
            e.Property(x => x.Actor).HasMaxLength(100);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.HasOne(x => x.Enrolment).WithMany(x => x.Events).HasForeignKey(x => x.EnrolmentId);
        });
        modelBuilder.Entity<Acknowledgement>(e =>
        {
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => x.EnrolmentId).IsUnique();
            e.Property(x => x.Number).HasMaxLength(32);
            e.HasOne(x => x.Enrolment).WithOne(x => x.Acknowledgement).HasForeignKey<Acknowledgement>(x => x.EnrolmentId);
            e.HasOne<Collectivite>().WithMany().HasForeignKey(x => x.CollectiviteId);
            e.HasOne<PrintBatch>().WithMany().HasForeignKey(x => x.PrintBatchId);
        });
        modelBuilder.Entity<PrintBatch>(e =>
        {
            e.HasIndex(x => x.Day).IsUnique();
            e.Property(x => x.SentBy).HasMaxLength(100);
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.HasKey(x => new { x.ClientId, x.Key });
            e.Property(x => x.ClientId).HasMaxLength(100);
            e.Property(x => x.Key).HasMaxLength(255);
            e.Property(x => x.RequestHash).HasMaxLength(64);
            e.Property(x => x.ContentType).HasMaxLength(200);
            e.HasIndex(x => x.ExpiresAt);
        });
        modelBuilder.Entity<AttendanceRecord>(e =>
        {
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.EnrolmentId, x.Date, x.HalfDay });
            e.HasOne(x => x.Enrolment).WithMany().HasForeignKey(x => x.EnrolmentId);
            e.HasOne<Collectivite>().WithMany().HasForeignKey(x => x.CollectiviteId);
            e.HasOne<AttendanceRecord>().WithMany().HasForeignKey(x => x.SupersedesId);
        });
        modelBuilder.Entity<Attestation>(e =>
        {
            e.HasIndex(x => x.Number).IsUnique();
            // At most one valid attestation per enrolment: a correction revokes the old one before issuing the new.
            e.HasIndex(x => x.EnrolmentId).IsUnique().HasFilter("status = 'Valid'").HasDatabaseName("ux_attestations_valid_enrolment");
            e.HasIndex(x => x.AgentId);
            e.HasIndex(x => x.SessionId);
            e.Property(x => x.Number).HasMaxLength(32);
            e.Property(x => x.KeyId).HasMaxLength(64);
            e.Property(x => x.RevocationReason).HasMaxLength(500);
            e.HasOne(x => x.Agent).WithMany().HasForeignKey(x => x.AgentId);
            e.HasOne(x => x.Session).WithMany().HasForeignKey(x => x.SessionId);
            e.HasOne(x => x.Enrolment).WithMany().HasForeignKey(x => x.EnrolmentId);
            e.HasOne<Collectivite>().WithMany().HasForeignKey(x => x.CollectiviteId);
            e.HasOne<Attestation>().WithMany().HasForeignKey(x => x.ReplacedById);
            e.HasOne<PrintBatch>().WithMany().HasForeignKey(x => x.PrintBatchId);
        });
        modelBuilder.Entity<TrainingNeed>(e =>
        {
            e.Property(x => x.PreferredPeriod).HasMaxLength(16);
            e.Property(x => x.PreferredCommuneCode).HasMaxLength(5);
            e.HasIndex(x => new { x.CollectiviteId, x.Year });
            e.HasIndex(x => new { x.CourseId, x.Year });
            e.HasOne(x => x.Collectivite).WithMany().HasForeignKey(x => x.CollectiviteId);
            e.HasOne(x => x.Course).WithMany().HasForeignKey(x => x.CourseId);
            e.HasOne(x => x.Theme).WithMany().HasForeignKey(x => x.ThemeId);
            e.HasOne<Commune>().WithMany().HasForeignKey(x => x.PreferredCommuneCode);
            e.HasOne(x => x.SessionProposal).WithMany().HasForeignKey(x => x.SessionProposalId);
            e.ToTable(t => t.HasCheckConstraint("ck_training_needs_target", "course_id IS NOT NULL OR theme_id IS NOT NULL"));
        });
        modelBuilder.Entity<TrainingNeedAgent>(e =>
        {
            e.HasKey(x => new { x.TrainingNeedId, x.AgentId });
            e.HasOne<TrainingNeed>().WithMany(n => n.Agents).HasForeignKey(x => x.TrainingNeedId);
            e.HasOne(x => x.Agent).WithMany().HasForeignKey(x => x.AgentId);
        });
        modelBuilder.Entity<SessionProposal>(e =>
        {
            e.Property(x => x.SuggestedPeriod).HasMaxLength(16);
            e.Property(x => x.SuggestedCommuneCode).HasMaxLength(5);
            e.Property(x => x.DeclineReason).HasMaxLength(500);
            e.HasOne(x => x.Course).WithMany().HasForeignKey(x => x.CourseId);
            e.HasOne(x => x.Perimetre).WithMany().HasForeignKey(x => x.PerimetreId);
            // At most one open proposal per course, périmètre and year, enforced by the database itself: the
            // pooling takes a row lock on the périmètre first (NeedsWorkflow), this index is the last word.
            e.HasIndex(x => new { x.CourseId, x.PerimetreId, x.Year }).IsUnique().HasFilter("status = 'Proposed'").HasDatabaseName("ux_session_proposals_open");
            e.HasOne(x => x.ScheduledSession).WithMany().HasForeignKey(x => x.ScheduledSessionId);
            e.HasOne<Commune>().WithMany().HasForeignKey(x => x.SuggestedCommuneCode);
        });
        ConfigureELearning(modelBuilder);
        // Published statistics (docs/statistics-method.md): cells and marginal totals of one release, no agent rows.
        modelBuilder.Entity<StatisticsCell>(e =>
        {
            e.Property(x => x.Table).HasMaxLength(32);
            e.Property(x => x.RegionCode).HasMaxLength(2);
            e.Property(x => x.DepartementCode).HasMaxLength(3);
            e.Property(x => x.CommuneCode).HasMaxLength(12);
            e.Property(x => x.DomainCode).HasMaxLength(16);
            e.Property(x => x.ThemeCode).HasMaxLength(16);
            e.Property(x => x.TraineeDays).HasPrecision(14, 1);
            e.HasIndex(x => new { x.Table, x.Year, x.RegionCode });
            e.HasOne<StatisticsRelease>().WithMany().HasForeignKey(x => x.ReleaseId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<StatisticsRelease>();
        // Peer comparison's internal per-collectivité source (docs/bilan.md), rebuilt with the release.
        modelBuilder.Entity<Bilan.CollectiviteYearSummary>(e =>
        {
            e.HasKey(x => new { x.Year, x.CollectiviteId });
            e.Property(x => x.TraineeDays).HasPrecision(14, 1);
            e.HasOne<Collectivite>().WithMany().HasForeignKey(x => x.CollectiviteId);
        });
        modelBuilder.Entity<Bilan.CollectiviteThemeDays>(e =>
        {
            e.HasKey(x => new { x.Year, x.CollectiviteId, x.ThemeCode });
            e.Property(x => x.ThemeCode).HasMaxLength(16);
            e.Property(x => x.TraineeDays).HasPrecision(14, 1);
            e.HasOne<Collectivite>().WithMany().HasForeignKey(x => x.CollectiviteId);
        });
    }

    /// <summary>
    /// Tenant-owned rows carry their collectivité; reading them goes through the caller's <see cref="Tenant"/>.
    /// EF Core evaluates <c>Tenant</c> per query, so a pooled context scoped anew per request is safe.
    /// </summary>
    private void ConfigureTenantFilters(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Collectivite>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.Id));
        modelBuilder.Entity<Mandate>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<Agent>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<Enrolment>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<EnrolmentEvent>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.Enrolment!.CollectiviteId));
        modelBuilder.Entity<Acknowledgement>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<AttendanceRecord>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<Attestation>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<TrainingNeed>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<Bilan.CollectiviteYearSummary>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<Bilan.CollectiviteThemeDays>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<TrainingNeedAgent>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.Agent!.CollectiviteId));
        modelBuilder.Entity<ModuleProgress>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<TutorRequest>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
        modelBuilder.Entity<ProgrammeTarget>().HasQueryFilter(x => Tenant.Unrestricted || Tenant.CollectiviteIds.Contains(x.CollectiviteId));
    }

    /// <summary>E-learning (docs/elearning.md): modules, diagnostics, progress, tutor requests, rollout programmes.</summary>
    private static void ConfigureELearning(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ELearningModule>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(16);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.HasOne(x => x.Theme).WithMany().HasForeignKey(x => x.ThemeId);
            e.HasOne(x => x.Course).WithMany().HasForeignKey(x => x.CourseId);
            e.ToTable(t => t.HasCheckConstraint("ck_elearning_modules_duration", $"duration_minutes BETWEEN {ELearningModule.MinDurationMinutes} AND {ELearningModule.MaxDurationMinutes}"));
        });
        modelBuilder.Entity<DiagnosticQuestion>(e =>
        {
            e.Property(x => x.Skill).HasMaxLength(120);
            e.Property(x => x.Statement).HasMaxLength(500);
            e.HasOne(x => x.Module).WithMany().HasForeignKey(x => x.ModuleId);
        });
        modelBuilder.Entity<ModuleProgress>(e =>
        {
            e.HasIndex(x => new { x.AgentId, x.ModuleId }).IsUnique();
            e.HasIndex(x => new { x.CollectiviteId, x.ModuleId });
            e.HasIndex(x => x.ModuleId);
            e.HasOne(x => x.Agent).WithMany().HasForeignKey(x => x.AgentId);
            e.HasOne(x => x.Module).WithMany().HasForeignKey(x => x.ModuleId);
            e.HasOne<Collectivite>().WithMany().HasForeignKey(x => x.CollectiviteId);
            e.Property(x => x.Score).HasPrecision(5, 2);
            e.ToTable(t =>
            {
                t.HasCheckConstraint("ck_elearning_progress_score", "score IS NULL OR (CAST(score AS REAL) BETWEEN 0 AND 100 AND status = 'Completed')");
                t.HasCheckConstraint("ck_elearning_progress_time", $"time_spent_minutes BETWEEN 0 AND {ModuleProgress.MaxTimeSpentMinutes}");
            });
        });
        modelBuilder.Entity<TutorRequest>(e =>
        {
            e.Property(x => x.Message).HasMaxLength(TutorRequest.MaxMessageLength);
            e.Property(x => x.Answer).HasMaxLength(TutorRequest.MaxMessageLength);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.AnsweredBy).HasMaxLength(100);
            e.HasIndex(x => new { x.CollectiviteId, x.Status });
            e.HasOne(x => x.Agent).WithMany().HasForeignKey(x => x.AgentId);
            e.HasOne(x => x.Module).WithMany().HasForeignKey(x => x.ModuleId);
            e.HasOne<Collectivite>().WithMany().HasForeignKey(x => x.CollectiviteId);
        });
        modelBuilder.Entity<ELearningProgramme>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
        });
        modelBuilder.Entity<ProgrammeModule>(e =>
        {
            e.HasKey(x => new { x.ProgrammeId, x.ModuleId });
            e.HasOne<ELearningProgramme>().WithMany(p => p.Modules).HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Module).WithMany().HasForeignKey(x => x.ModuleId);
        });
        modelBuilder.Entity<ProgrammeTarget>(e =>
        {
            // The rollout reads a programme's targets per collectivité: (programme, collectivité, agent) covers it.
            e.HasKey(x => new { x.ProgrammeId, x.AgentId });
            e.HasIndex(x => new { x.ProgrammeId, x.CollectiviteId, x.AgentId });
            e.HasOne<ELearningProgramme>().WithMany().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Agent>().WithMany().HasForeignKey(x => x.AgentId);
            e.HasOne<Collectivite>().WithMany().HasForeignKey(x => x.CollectiviteId);
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefreshDerivedColumns();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefreshDerivedColumns();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void RefreshDerivedColumns()
    {
        // Row versions (ETags) move on every update, on both providers: EF checks the old value in the
        // UPDATE's WHERE (concurrency token), so a lost update becomes a DbUpdateConcurrencyException.
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty("Version") is { } version && version.IsConcurrencyToken)
            {
                var current = (int)entry.Property(version.Name).CurrentValue!;
                entry.Property(version.Name).OriginalValue = current;
                entry.Property(version.Name).CurrentValue = current + 1;
            }
        }

        // Session timestamps (the feeds and `$filter=updatedAt gt …` delta syncs read them): an insert keeps the
        // values it was given (the seeder's history) or gets now; an update moves UpdatedAt unless it only moved the
        // seat counter, which follows enrolments rather than the session's description.
        var now = TruncateToMicroseconds(DateTimeOffset.UtcNow);
        foreach (var entry in ChangeTracker.Entries<Session>())
        {
            if (entry.State == EntityState.Added)
            {
                if (entry.Entity.CreatedAt == default)
                {
                    entry.Entity.CreatedAt = now;
                }

                if (entry.Entity.UpdatedAt == default)
                {
                    entry.Entity.UpdatedAt = entry.Entity.CreatedAt;
                }
            }
            else if (entry.State == EntityState.Modified && entry.Properties.Any(p => p.IsModified && !SessionBookkeeping.Contains(p.Metadata.Name)))
            {
                entry.Entity.UpdatedAt = now;
            }
        }

        foreach (var entry in ChangeTracker.Entries<Course>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.SearchText = CourseSearchText(entry.Entity);
            }
        }
    }

    /// <summary>Session columns whose change is not a change of the session itself.</summary>
    private static readonly HashSet<string> SessionBookkeeping = [nameof(Session.SeatsTaken), nameof(Session.CreatedAt), nameof(Session.UpdatedAt)];

    /// <summary>PostgreSQL keeps microseconds: the value tracked in memory is then the value read back.</summary>
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % (TimeSpan.TicksPerMillisecond / 1000)), value.Offset);

    /// <summary>The folded text that <c>$search</c> looks into.</summary>
    public static string CourseSearchText(Course course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return SearchText.Fold($"{course.Code} {course.Title} {course.Description}");
    }

    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(), v => v);
}
