namespace Cnfpt.OpenApi.Core.Statistics;

/// <summary>
/// The published tables and their dimensions (every table is also per year). A table's dimensions are
/// closed under the hierarchy (a département row also carries its région, a commune row its département and
/// région, a theme row its domain), so that "table P's dimensions are a subset of table C's" is exactly "every
/// cell of P is the sum of the cells of C below it": the identities the audit checks (docs/statistics-method.md).
/// </summary>
public static class StatisticsTables
{
    public const string Cube = "cube";

    /// <summary>Communes under this population are published together as "the other communes of the département".</summary>
    public const int DefaultCommuneMinPopulation = 3_500;

    /// <summary>The code of the commune row that groups a département's communes under the population floor.</summary>
    public static string OtherCommunesOf(string departement) => departement + "-AUTRES";

    internal static readonly IReadOnlyDictionary<string, Dim[]> Dimensions = new Dictionary<string, Dim[]>(StringComparer.Ordinal)
    {
        [Cube] = [Dim.Region, Dim.Category, Dim.Domain, Dim.Modality, Dim.Funding],
        ["year"] = [],
        ["year-region"] = [Dim.Region],
        ["year-departement"] = [Dim.Region, Dim.Departement],
        ["year-commune"] = [Dim.Region, Dim.Departement, Dim.Commune],
        ["year-type"] = [Dim.Type],
        ["year-strate"] = [Dim.Strate],
        ["year-category"] = [Dim.Category],
        ["year-domain"] = [Dim.Domain],
        ["year-theme"] = [Dim.Domain, Dim.Theme],
        ["year-modality"] = [Dim.Modality],
        ["year-funding"] = [Dim.Funding],
        ["year-departement-theme"] = [Dim.Region, Dim.Departement, Dim.Domain, Dim.Theme],
        ["year-strate-category"] = [Dim.Strate, Dim.Category],
    };

    /// <summary>Every published table, the cube first.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Dimensions.Keys];
}

/// <summary>A dimension of the published tables (besides the year, which every table has).</summary>
internal enum Dim { Region, Departement, Commune, Type, Strate, Category, Domain, Theme, Modality, Funding }

/// <summary>A cell's coordinates: its table, year and the dimensions it fixes (null = summed out). Enum values as their names.</summary>
internal readonly record struct CellKey(
    string Table, int Year, string? Region = null, string? Departement = null, string? Commune = null, string? Type = null,
    string? Strate = null, string? Category = null, string? Domain = null, string? Theme = null, string? Modality = null, string? Funding = null)
{
    public string? this[Dim dim] => dim switch
    {
        Dim.Region => Region,
        Dim.Departement => Departement,
        Dim.Commune => Commune,
        Dim.Type => Type,
        Dim.Strate => Strate,
        Dim.Category => Category,
        Dim.Domain => Domain,
        Dim.Theme => Theme,
        Dim.Modality => Modality,
        Dim.Funding => Funding,
        _ => throw new ArgumentOutOfRangeException(nameof(dim)),
    };

    /// <summary>This cell's coordinates in <paramref name="table"/> (whose dimensions must be a subset of this cell's).</summary>
    public CellKey ProjectTo(string table)
    {
        var dims = StatisticsTables.Dimensions[table];
        var self = this;
        string? Keep(Dim dim) => dims.Contains(dim) ? self[dim] : null;
        return new CellKey(table, Year, Keep(Dim.Region), Keep(Dim.Departement), Keep(Dim.Commune), Keep(Dim.Type), Keep(Dim.Strate),
            Keep(Dim.Category), Keep(Dim.Domain), Keep(Dim.Theme), Keep(Dim.Modality), Keep(Dim.Funding));
    }
}
