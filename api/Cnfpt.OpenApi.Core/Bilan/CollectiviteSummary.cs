namespace Cnfpt.OpenApi.Core.Bilan;

/// <summary>
/// Internal source of the peer comparison, rebuilt with the statistics release: one row per collectivité and
/// year with enrolments. Never exposed as such: responses show only quantiles over at least k collectivités.
/// </summary>
public sealed class CollectiviteYearSummary
{
    public int Year { get; set; }
    public int CollectiviteId { get; set; }
    public int AgentsTrained { get; set; }
    public decimal TraineeDays { get; set; }
    public int Enrolments { get; set; }
    public int Attended { get; set; }
    public int Absences { get; set; }
    public int Cancellations { get; set; }
}

/// <summary>Trainee-days of one collectivité, year and theme (internal, for the peer groups' theme mix).</summary>
public sealed class CollectiviteThemeDays
{
    public int Year { get; set; }
    public int CollectiviteId { get; set; }
    public required string ThemeCode { get; set; }
    public decimal TraineeDays { get; set; }
}
