using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Core.Bilan;

/// <summary>
/// The bilan formation of one collectivité for one calendar year (sessions starting that year): who was
/// trained, how many trainee-days (JFS, half-days count 0.5) by catégorie, theme and modality, the statutory
/// obligations, the funding split and what did not happen (cancellations, absences). docs/bilan.md.
/// </summary>
public sealed class BilanReport
{
    public int CollectiviteId { get; set; }
    public string CollectiviteName { get; set; } = "";
    public string Siren { get; set; } = "";
    public CollectiviteType CollectiviteType { get; set; }
    public Strate Strate { get; set; }
    public string RegionCode { get; set; } = "";
    public int Year { get; set; }

    /// <summary>Agents on the collectivité's payroll (its declared headcount).</summary>
    public int AgentHeadcount { get; set; }

    /// <summary>Distinct agents with at least one attended enrolment.</summary>
    public int AgentsTrained { get; set; }

    /// <summary>JFS: Σ over attended enrolments of the course's duration in days (half-days count 0.5).</summary>
    public decimal TraineeDays { get; set; }

    public int Enrolments { get; set; }
    public int Attended { get; set; }
    public int Absences { get; set; }
    public int Cancellations { get; set; }
    public int Refused { get; set; }
    public int Waitlisted { get; set; }

    /// <summary>Submitted, acknowledged or accepted, not yet attended or absent.</summary>
    public int Pending { get; set; }

    public List<BilanLine> ByCategory { get; set; } = [];
    public List<BilanLine> ByTheme { get; set; } = [];
    public List<BilanLine> ByModality { get; set; } = [];

    /// <summary>Attended training per statutory obligation (formation d'intégration, de professionnalisation).</summary>
    public List<BilanLine> Obligations { get; set; } = [];

    /// <summary>The day <see cref="ObligationsMet"/> is evaluated on: the year's last day, or today for the current year.</summary>
    public DateOnly ObligationsAsOf { get; set; }

    /// <summary>
    /// Statutory obligations met: per obligation, the agents it applies to on <see cref="ObligationsAsOf"/> and how
    /// many have done it, are on track or are late (the same rules as <c>TrainingObligations</c>, from valid attestations).
    /// </summary>
    public List<BilanObligationLine> ObligationsMet { get; set; } = [];

    /// <summary>Cotisation, then each reason of paid training (CACES, CHSCT/F3SCT, armement), with its cost.</summary>
    public List<BilanLine> Funding { get; set; } = [];

    /// <summary>Cancelled enrolments by reason.</summary>
    public List<BilanLine> CancellationReasons { get; set; } = [];
}

/// <summary>One line of a breakdown: its key (a code or enum name), a French label and the measures.</summary>
public sealed class BilanLine
{
    public string Key { get; set; } = "";
    public string Label { get; set; } = "";
    public int AgentsTrained { get; set; }
    public decimal TraineeDays { get; set; }
    public int Enrolments { get; set; }
    public int Attended { get; set; }

    /// <summary>For paid training: Σ price per trainee of attended enrolments, in euros; 0 otherwise.</summary>
    public decimal Cost { get; set; }
}

/// <summary>One statutory obligation in the bilan: the agents it applies to, by status.</summary>
public sealed class BilanObligationLine
{
    /// <summary>The obligation (<see cref="ObligationKind"/> name).</summary>
    public string Key { get; set; } = "";
    public string Label { get; set; } = "";

    /// <summary>Agents the obligation applies to.</summary>
    public int Agents { get; set; }
    public int Done { get; set; }
    public int OnTrack { get; set; }
    public int Late { get; set; }
}
