namespace Cnfpt.OpenApi.Core.Domain;

/// <summary>A région, keyed by its INSEE code (two characters: "11", "84", "01" for Guadeloupe).</summary>
public sealed class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public List<Departement> Departements { get; } = [];
}

/// <summary>A département, keyed by its INSEE code ("59", "2A", "971").</summary>
public sealed class Departement
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string RegionCode { get; set; }
    public Region? Region { get; set; }
}

/// <summary>A commune, keyed by its five-character INSEE code ("59350" is Lille).</summary>
public sealed class Commune
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string DepartementCode { get; set; }
    public Departement? Departement { get; set; }
    public int Population { get; set; }
}
