namespace Cnfpt.OpenApi.Core.Domain;

/// <summary>A self-paced e-learning module of about one hour (15 to 120 minutes), in the public catalogue.</summary>
public sealed class ELearningModule
{
    public const int MinDurationMinutes = 15;
    public const int MaxDurationMinutes = 120;

    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int ThemeId { get; set; }
    public Theme? Theme { get; set; }
    public int DurationMinutes { get; set; }
    /// <summary>Whether the module has diagnostic questions (<c>DiagnosticQuestions</c>) a learner may answer first.</summary>
    public bool HasDiagnostic { get; set; }
    /// <summary>Whether a remote tutor answers learners' questions (<c>TutorRequests</c>).</summary>
    public bool TutorAvailable { get; set; }
    /// <summary>False for a module withdrawn from the platform: kept for the progress already reported.</summary>
    public bool Available { get; set; } = true;
    /// <summary>The catalogue course the module belongs to, when it is part of one (an e-learning or hybrid course).</summary>
    public int? CourseId { get; set; }
    public Course? Course { get; set; }
}

/// <summary>
/// A true-or-false statement of a module's diagnostic, testing one skill. The expected answer never leaves the
/// API: <c>ELearningModules/Diagnose</c> marks the answers and recommends the modules of the statements missed.
/// </summary>
public sealed class DiagnosticQuestion
{
    public int Id { get; set; }
    public int ModuleId { get; set; }
    public ELearningModule? Module { get; set; }
    /// <summary>The skill the statement tests, e.g. "Bases légales du traitement".</summary>
    public required string Skill { get; set; }
    public required string Statement { get; set; }
    /// <summary>Whether the statement is true; not in the EDM.</summary>
    public bool IsTrue { get; set; }
}

/// <summary>An agent's progress in a module, reported by the learning platform (one row per agent and module).</summary>
public sealed class ModuleProgress
{
    public const int MaxTimeSpentMinutes = 10_000;

    public long Id { get; set; }
    public int AgentId { get; set; }
    public Agent? Agent { get; set; }
    /// <summary>The agent's collectivité, copied so that the tenant filter needs no join.</summary>
    public int CollectiviteId { get; set; }
    public int ModuleId { get; set; }
    public ELearningModule? Module { get; set; }
    public ModuleProgressStatus Status { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int TimeSpentMinutes { get; set; }
    /// <summary>0 to 100, only once completed (null for a module without a final quiz).</summary>
    public decimal? Score { get; set; }
    public DateTimeOffset LastReportedAt { get; set; }
}

/// <summary>A learner's question to a module's remote tutor.</summary>
public sealed class TutorRequest
{
    public const int MaxMessageLength = 2_000;

    public int Id { get; set; }
    public int AgentId { get; set; }
    public Agent? Agent { get; set; }
    public int CollectiviteId { get; set; }
    public int ModuleId { get; set; }
    public ELearningModule? Module { get; set; }
    public required string Message { get; set; }
    public TutorRequestStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The API client that asked (the collectivité's IT or its vendor).</summary>
    public required string CreatedBy { get; set; }
    public string? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>
/// A rollout target: modules that a set of agents should follow (a national or regional campaign, a
/// collectivité's own plan). Its agents are rows of <see cref="ProgrammeTarget"/>, filled set-based.
/// </summary>
public sealed class ELearningProgramme
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>The number of agents targeted, kept with the targets.</summary>
    public int TargetedAgents { get; set; }
    public List<ProgrammeModule> Modules { get; } = [];
}

/// <summary>A module of a programme.</summary>
public sealed class ProgrammeModule
{
    public int ProgrammeId { get; set; }
    public int ModuleId { get; set; }
    public ELearningModule? Module { get; set; }
}

/// <summary>An agent targeted by a programme, with the agent's collectivité (for the tenant filter and the rollout per collectivité).</summary>
public sealed class ProgrammeTarget
{
    public int ProgrammeId { get; set; }
    public int AgentId { get; set; }
    public int CollectiviteId { get; set; }
}
