using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Core.Bilan;

/// <summary>
/// How a collectivité's training compares with its peers (same type and strate, nationally and in its région)
/// for one year. Peer figures are quantiles over the group and the group's theme mix, from the per-collectivité
/// summary rebuilt with the statistics release; a group of fewer than k collectivités is not shown. docs/bilan.md.
/// </summary>
public sealed class PeerComparison
{
    public int CollectiviteId { get; set; }
    public int Year { get; set; }
    public CollectiviteType CollectiviteType { get; set; }
    public Strate Strate { get; set; }
    public string RegionCode { get; set; } = "";

    /// <summary>The smallest peer group shown (the secret statistique's k).</summary>
    public int K { get; set; }

    /// <summary>The collectivité's own indicators.</summary>
    public List<PeerIndicator> Indicators { get; set; } = [];

    /// <summary>The national group, then the regional one.</summary>
    public List<PeerGroup> Groups { get; set; } = [];

    /// <summary>The collectivité's own share of its trainee-days per theme.</summary>
    public List<ThemeShare> ThemeMix { get; set; } = [];
}

public sealed class PeerGroup
{
    /// <summary><c>national</c> or <c>region</c>.</summary>
    public string Scope { get; set; } = "";

    /// <summary>Collectivités of that type and strate (the collectivité included), with or without training that year.</summary>
    public int Collectivites { get; set; }

    /// <summary>False when the group has fewer than k collectivités: no figure is given.</summary>
    public bool Shown { get; set; }

    public List<PeerIndicator> Indicators { get; set; } = [];

    /// <summary>The group's share of its trainee-days per theme (Σ over the group, never one collectivité's).</summary>
    public List<ThemeShare> ThemeMix { get; set; } = [];
}

/// <summary>One indicator: the collectivité's value and, in a group, the quartiles and its position among the peers.</summary>
public sealed class PeerIndicator
{
    public string Name { get; set; } = "";
    public string Label { get; set; } = "";
    public decimal Value { get; set; }
    public decimal? FirstQuartile { get; set; }
    public decimal? Median { get; set; }
    public decimal? ThirdQuartile { get; set; }

    /// <summary>Percentage of the group's collectivités with a lower value (0–100).</summary>
    public decimal? Position { get; set; }
}

public sealed class ThemeShare
{
    public string ThemeCode { get; set; } = "";
    public string Label { get; set; } = "";

    /// <summary>Share of the trainee-days, in percent.</summary>
    public decimal Share { get; set; }
}

public static class PeerComparisons
{
    /// <summary>The indicators compared: per collectivité, normalised by its size where a raw count would only measure size.</summary>
    private static readonly (string Name, string Label, Func<Summary, decimal> Of)[] Measures =
    [
        ("agentsTrainedShare", "Agents formés, en % de l'effectif", s => s.Headcount > 0 ? Round(100m * s.AgentsTrained / s.Headcount) : 0),
        ("traineeDaysPerAgent", "JFS par agent de l'effectif", s => s.Headcount > 0 ? Round(s.TraineeDays / s.Headcount) : 0),
        ("traineeDays", "JFS", s => s.TraineeDays),
        ("absenceRate", "Taux d'absence (% des formations suivies ou manquées)", s => s.Attended + s.Absences > 0 ? Round(100m * s.Absences / (s.Attended + s.Absences)) : 0),
    ];

    /// <summary>Null when the collectivité is not among those the caller acts for.</summary>
    public static async Task<PeerComparison?> ComputeAsync(CnfptDbContext db, int collectiviteId, int year, int k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var own = await db.Collectivites.AsNoTracking().FirstOrDefaultAsync(c => c.Id == collectiviteId, cancellationToken);
        if (own is null)
        {
            return null;
        }

        // The peers are other collectivités: the tenant filters do not apply to the aggregates computed here,
        // and nothing below leaves this method except quantiles and sums over at least k of them.
        var peers = await (
            from c in db.Collectivites.IgnoreQueryFilters()
            where c.Type == own.Type && c.Strate == own.Strate
            join s in db.CollectiviteYearSummaries.IgnoreQueryFilters().Where(s => s.Year == year) on c.Id equals s.CollectiviteId into found
            from s in found.DefaultIfEmpty()
            select new Summary(c.Id, c.RegionCode, c.AgentHeadcount, s == null ? 0 : s.AgentsTrained, s == null ? 0 : s.TraineeDays, s == null ? 0 : s.Attended, s == null ? 0 : s.Absences))
            .AsNoTracking().ToListAsync(cancellationToken);
        var themeDays = await (
            from t in db.CollectiviteThemeDays.IgnoreQueryFilters()
            join c in db.Collectivites.IgnoreQueryFilters() on t.CollectiviteId equals c.Id
            where t.Year == year && c.Type == own.Type && c.Strate == own.Strate
            select new { t.CollectiviteId, c.RegionCode, t.ThemeCode, t.TraineeDays })
            .AsNoTracking().ToListAsync(cancellationToken);
        var themeNames = await db.Themes.AsNoTracking().ToDictionaryAsync(t => t.Code, t => t.Name, StringComparer.Ordinal, cancellationToken);

        var self = peers.Single(p => p.Id == collectiviteId);
        return new PeerComparison
        {
            CollectiviteId = own.Id,
            Year = year,
            CollectiviteType = own.Type,
            Strate = own.Strate,
            RegionCode = own.RegionCode,
            K = k,
            Indicators = [.. Measures.Select(m => new PeerIndicator { Name = m.Name, Label = m.Label, Value = m.Of(self) })],
            ThemeMix = Mix(themeDays.Where(t => t.CollectiviteId == collectiviteId).Select(t => (t.ThemeCode, t.TraineeDays)), themeNames),
            Groups =
            [
                Group("national", peers, themeDays.Select(t => (t.ThemeCode, t.TraineeDays))),
                Group("region", [.. peers.Where(p => p.Region == own.RegionCode)], themeDays.Where(t => t.RegionCode == own.RegionCode).Select(t => (t.ThemeCode, t.TraineeDays))),
            ],
        };

        PeerGroup Group(string scope, List<Summary> members, IEnumerable<(string Theme, decimal Days)> days)
        {
            var group = new PeerGroup { Scope = scope, Collectivites = members.Count, Shown = members.Count >= k };
            if (!group.Shown)
            {
                return group;
            }

            group.Indicators = [.. Measures.Select(m =>
            {
                var values = members.Select(m.Of).Order().ToList();
                var value = m.Of(self);
                return new PeerIndicator
                {
                    Name = m.Name, Label = m.Label, Value = value,
                    FirstQuartile = Quantile(values, 0.25m), Median = Quantile(values, 0.5m), ThirdQuartile = Quantile(values, 0.75m),
                    Position = Round(100m * values.Count(v => v < value) / values.Count),
                };
            })];
            group.ThemeMix = Mix(days, themeNames);
            return group;
        }
    }

    /// <summary>Linear interpolation between order statistics (PostgreSQL's percentile_cont, Excel's QUARTILE.INC).</summary>
    public static decimal Quantile(IReadOnlyList<decimal> sorted, decimal p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var position = p * (sorted.Count - 1);
        var lower = (int)decimal.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return Round(sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower])));
    }

    private static List<ThemeShare> Mix(IEnumerable<(string Theme, decimal Days)> days, Dictionary<string, string> names)
    {
        var byTheme = days.GroupBy(d => d.Theme, StringComparer.Ordinal).Select(g => (Theme: g.Key, Days: g.Sum(d => d.Days))).ToList();
        var total = byTheme.Sum(t => t.Days);
        return total == 0 ? [] : [.. byTheme
            .Select(t => new ThemeShare { ThemeCode = t.Theme, Label = names.GetValueOrDefault(t.Theme, t.Theme), Share = Round(100m * t.Days / total) })
            .OrderByDescending(t => t.Share).ThenBy(t => t.ThemeCode, StringComparer.Ordinal)];
    }

    private static decimal Round(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    private sealed record Summary(int Id, string Region, int Headcount, int AgentsTrained, decimal TraineeDays, int Attended, int Absences);
}
