namespace Cnfpt.OpenApi.Core.Domain;

/// <summary>A training need of a collectivité for a year (recueil des besoins).</summary>
public sealed class TrainingNeed
{
    public int Id { get; set; }
    public int CollectiviteId { get; set; }
    public Collectivite? Collectivite { get; set; }
    public int Year { get; set; }
    /// <summary>Either a course or a theme is named.</summary>
    public int? CourseId { get; set; }
    public Course? Course { get; set; }
    public int? ThemeId { get; set; }
    public Theme? Theme { get; set; }
    public int AgentCount { get; set; }
    public NeedPriority Priority { get; set; }
    /// <summary>Preferred period, e.g. "2027-Q1" or "2027-03".</summary>
    public string? PreferredPeriod { get; set; }
    public string? PreferredCommuneCode { get; set; }
    public NeedStatus Status { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public int? SessionProposalId { get; set; }
    public SessionProposal? SessionProposal { get; set; }
    public List<TrainingNeedAgent> Agents { get; } = [];
}

/// <summary>A named agent behind a need.</summary>
public sealed class TrainingNeedAgent
{
    public int TrainingNeedId { get; set; }
    public int AgentId { get; set; }
    public Agent? Agent { get; set; }
}

/// <summary>Created when the pooled demand for a course in a périmètre reaches the theme's threshold.</summary>
public sealed class SessionProposal
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public int PerimetreId { get; set; }
    public Perimetre? Perimetre { get; set; }
    /// <summary>The year of the needs it pools.</summary>
    public int Year { get; set; }
    /// <summary>Agents behind the pooled needs (submitted and pooled), kept current while the proposal is open.</summary>
    public int Demand { get; set; }
    /// <summary>The theme's threshold when the proposal opened.</summary>
    public int Threshold { get; set; }
    public string? SuggestedPeriod { get; set; }
    public string? SuggestedCommuneCode { get; set; }
    public SessionProposalStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When it was scheduled, declined or withdrawn.</summary>
    public DateTimeOffset? DecidedAt { get; set; }
    public int? ScheduledSessionId { get; set; }
    public Session? ScheduledSession { get; set; }
    public string? DeclineReason { get; set; }
}
