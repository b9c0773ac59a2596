using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Statistics;

namespace Cnfpt.OpenApi.Api.Statistics;

/// <summary>
/// A published statistics cell as the API shows it (entity set <c>Statistics</c>). <c>suppressedCells</c> is
/// 1 for a suppressed cell and 0 otherwise, so that a <c>$apply</c> rollup can count the suppressed cells
/// it covers and be flagged instead of returning a partial sum (docs/statistics-method.md).
/// </summary>
public sealed class StatisticsRow
{
    public long Id { get; set; }
    public required string Table { get; set; }
    public int Year { get; set; }
    public string? RegionCode { get; set; }
    public string? DepartementCode { get; set; }
    public string? CommuneCode { get; set; }
    public CollectiviteType? CollectiviteType { get; set; }
    public Strate? Strate { get; set; }
    public AgentCategory? Category { get; set; }
    public string? DomainCode { get; set; }
    public string? ThemeCode { get; set; }
    public Modality? Modality { get; set; }
    public Funding? Funding { get; set; }
    public bool Suppressed { get; set; }
    public int SuppressedCells { get; set; }
    public int? Agents { get; set; }
    public int? Trainees { get; set; }
    public decimal? TraineeDays { get; set; }
    public int? Enrolments { get; set; }
    public int? Attended { get; set; }
    public int? Absent { get; set; }
    public int? Cancelled { get; set; }
    public int? Refused { get; set; }
    public int? Waitlisted { get; set; }
    public int? Pending { get; set; }

    /// <summary>The published cells as rows, a projection EF Core inlines into every OData query (GROUP BY included).</summary>
    public static IQueryable<StatisticsRow> From(IQueryable<StatisticsCell> cells) => cells.Select(c => new StatisticsRow
    {
        Id = c.Id,
        Table = c.Table,
        Year = c.Year,
        RegionCode = c.RegionCode,
        DepartementCode = c.DepartementCode,
        CommuneCode = c.CommuneCode,
        CollectiviteType = c.CollectiviteType,
        Strate = c.Strate,
        Category = c.Category,
        DomainCode = c.DomainCode,
        ThemeCode = c.ThemeCode,
        Modality = c.Modality,
        Funding = c.Funding,
        Suppressed = c.Suppressed,
        SuppressedCells = c.Suppressed ? 1 : 0,
        Agents = c.Agents,
        Trainees = c.Trainees,
        TraineeDays = c.TraineeDays,
        Enrolments = c.Enrolments,
        Attended = c.Attended,
        Absent = c.Absent,
        Cancelled = c.Cancelled,
        Refused = c.Refused,
        Waitlisted = c.Waitlisted,
        Pending = c.Pending,
    });
}
