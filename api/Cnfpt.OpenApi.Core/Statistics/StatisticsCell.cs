using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Core.Statistics;

/// <summary>
/// One published number set of the statistics release: a cell of the cube (<see cref="Table"/> =
/// <c>cube</c>) or of another fixed table (<c>year-departement</c>, <c>year-commune</c>…); the dimensions a
/// table does not have are null. Never an agent-level row. See docs/statistics-method.md.
/// </summary>
public sealed class StatisticsCell
{
    public long Id { get; set; }

    /// <summary>The published table: <c>cube</c>, or a marginal such as <c>year-region</c>.</summary>
    public required string Table { get; set; }

    public int Year { get; set; }

    /// <summary>INSEE code of the région of the agents' collectivité; null in a total over régions.</summary>
    public string? RegionCode { get; set; }

    /// <summary>INSEE code of the département of the agents' collectivité; null in a total over départements.</summary>
    public string? DepartementCode { get; set; }

    /// <summary>
    /// INSEE code of the commune where the collectivité sits, or <c>{département}-AUTRES</c> for the communes
    /// under the population floor of that département, published together.
    /// </summary>
    public string? CommuneCode { get; set; }

    public CollectiviteType? CollectiviteType { get; set; }

    public Strate? Strate { get; set; }

    public AgentCategory? Category { get; set; }

    /// <summary>Code of the training domain of the course; null in a total over domains.</summary>
    public string? DomainCode { get; set; }

    /// <summary>Code of the theme of the course (within its domain); null in a total over themes.</summary>
    public string? ThemeCode { get; set; }

    public Modality? Modality { get; set; }

    public Funding? Funding { get; set; }

    /// <summary>True when the cell is hidden by the secret statistique: every measure is then null.</summary>
    public bool Suppressed { get; set; }

    /// <summary>Distinct agents with at least one enrolment in the cell (the count the threshold k applies to).</summary>
    public int? Agents { get; set; }

    /// <summary>Distinct agents with at least one attended enrolment in the cell.</summary>
    public int? Trainees { get; set; }

    /// <summary>JFS: attended enrolments × course duration in days (half-days count 0.5).</summary>
    public decimal? TraineeDays { get; set; }

    public int? Enrolments { get; set; }

    public int? Attended { get; set; }

    public int? Absent { get; set; }

    public int? Cancelled { get; set; }

    public int? Refused { get; set; }

    public int? Waitlisted { get; set; }

    /// <summary>Submitted, acknowledged or accepted, not yet attended or absent.</summary>
    public int? Pending { get; set; }

    /// <summary>The date of the data the release was computed from.</summary>
    public DateOnly DataDate { get; set; }

    public int ReleaseId { get; set; }
}

/// <summary>One build of the published statistics: when, from data of which date, with which threshold.</summary>
public sealed class StatisticsRelease
{
    public int Id { get; set; }

    public DateOnly DataDate { get; set; }

    public DateTimeOffset BuiltAt { get; set; }

    /// <summary>The threshold k of the primary suppression.</summary>
    public int K { get; set; }

    public int Cells { get; set; }

    public int PrimarySuppressed { get; set; }

    public int SecondarySuppressed { get; set; }

    public long BuildMilliseconds { get; set; }
}
