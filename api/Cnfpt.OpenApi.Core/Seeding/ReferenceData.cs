using System.Reflection;
using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Core.Seeding;

/// <summary>Real geography shipped with the assembly (see Seeding/Reference/README.md).</summary>
internal sealed record ReferenceData(
    IReadOnlyList<Region> Regions,
    IReadOnlyList<Departement> Departements,
    IReadOnlyList<ReferenceData.CommuneRow> Communes,
    IReadOnlyList<ReferenceData.EpciRow> Epcis)
{
    internal sealed record CommuneRow(string Code, string Name, string Departement, string Region, int Population, string Siren);

    internal sealed record EpciRow(string Siren, string Name, string Type, int Population, string[] MemberCodes);

    public static ReferenceData Load() => new(
        Read("regions", r => new Region { Code = r[0], Name = r[1] }),
        Read("departements", r => new Departement { Code = r[0], Name = r[1], RegionCode = r[2] }),
        Read("communes", r => new CommuneRow(r[0], r[1], r[2], r[3], int.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture), r[5])),
        Read("epcis", r => new EpciRow(r[0], r[1], r[2], int.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture), r[4].Split(','))));

    private static List<T> Read<T>(string name, Func<string[], T> map)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Reference.{name}.tsv")
            ?? throw new InvalidOperationException($"Embedded resource Reference.{name}.tsv is missing.");
        using var reader = new StreamReader(stream);
        _ = reader.ReadLine(); // header
        var rows = new List<T>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                rows.Add(map(line.Split('\t')));
            }
        }

        return rows;
    }
}
