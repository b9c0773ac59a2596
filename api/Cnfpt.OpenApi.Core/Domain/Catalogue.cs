namespace Cnfpt.OpenApi.Core.Domain;

/// <summary>A broad field of the offer (management, ressources humaines, sécurité…).</summary>
public sealed class TrainingDomain
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public List<Theme> Themes { get; } = [];
}

/// <summary>A theme of the offer, inside a domain.</summary>
public sealed class Theme
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int DomainId { get; set; }
    public TrainingDomain? Domain { get; set; }
    /// <summary>Seuil de territorialisation: pooled demand that opens a session in a périmètre (15, or 12–13).</summary>
    public int TerritorialisationThreshold { get; set; } = Rules.Territorialisation.DefaultThreshold;
    public List<Course> Courses { get; } = [];
}

/// <summary>A course of the catalogue; its dated occurrences are <see cref="Session"/>s.</summary>
public sealed class Course
{
    public int Id { get; set; }
    /// <summary>Catalogue code, e.g. "SX2B5".</summary>
    public required string Code { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public int ThemeId { get; set; }
    public Theme? Theme { get; set; }
    public Modality Modality { get; set; }
    public decimal DurationDays { get; set; }
    public TargetCategories TargetCategories { get; set; }
    public Funding Funding { get; set; }
    /// <summary>Set exactly when <see cref="Funding"/> is <see cref="Funding.Paid"/>.</summary>
    public PaidReason? PaidReason { get; set; }
    /// <summary>Price per trainee for paid courses, in euros.</summary>
    public decimal? PricePerTrainee { get; set; }
    public ObligationKind ObligationKind { get; set; }
    /// <summary>
    /// Title and description folded to lower case without diacritics, maintained by the DbContext:
    /// it makes <c>$search</c> accent-insensitive with a plain SQL LIKE on every provider.
    /// </summary>
    public string SearchText { get; set; } = "";
    public List<Session> Sessions { get; } = [];
}

/// <summary>A dated occurrence of a course, run by a délégation in a commune.</summary>
public sealed class Session
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public int DelegationId { get; set; }
    public Delegation? Delegation { get; set; }
    /// <summary>INSEE code of the commune where it takes place.</summary>
    public required string CommuneCode { get; set; }
    public Commune? Commune { get; set; }
    /// <summary>Venue (building and street) for présentiel sessions; "À distance" otherwise.</summary>
    public required string Venue { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public int Capacity { get; set; }
    /// <summary>Accepted enrolments; only ever changed by a conditional SQL update (never above capacity).</summary>
    public int SeatsTaken { get; set; }
    public SessionStatus Status { get; set; }
    /// <summary>Set when the session is reserved to the collectivités of one périmètre.</summary>
    public int? PerimetreId { get; set; }
    public Perimetre? Perimetre { get; set; }
    /// <summary>When the session was published in the catalogue (UTC); set by the DbContext on insert when left unset.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// Last change of the session's description (UTC): set by the DbContext on every insert or update that saves
    /// through it. The seat counter, moved by a conditional SQL update on every enrolment, does not touch it.
    /// </summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
