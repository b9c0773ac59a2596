using System.Diagnostics;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Core.Statistics;

/// <summary>
/// Builds the published statistics release: the cube (year × région × catégorie × domain × modality ×
/// funding) and the other fixed tables (département, commune, collectivité type, strate, theme…), computed
/// by SQL from the base tables (<see cref="StatisticsFacts"/>), then protected by primary suppression (fewer
/// than k agents) and secondary suppression checked by an exact linear audit, and stored in
/// <c>statistics_cells</c>. A full rebuild: docs/statistics-method.md says why and what it costs.
/// </summary>
public static class StatisticsCubeBuilder
{
    public const string Cube = StatisticsTables.Cube;

    /// <summary>The published tables: the cube and, separately, the other tables (all per year).</summary>
    public static IReadOnlyList<string> Tables => StatisticsTables.Names;

    /// <summary>Computes, protects and stores a new release, replacing the previous one.</summary>
    public static async Task<StatisticsRelease> BuildAsync(
        CnfptDbContext db, int k, DateOnly dataDate, int communeMinPopulation = StatisticsTables.DefaultCommuneMinPopulation,
        IDictionary<string, long>? timings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        timings ??= new Dictionary<string, long>();
        var stopwatch = Stopwatch.StartNew();
        var cells = await StatisticsFacts.ComputeAsync(db, communeMinPopulation, timings, cancellationToken);
        timings["sql"] = stopwatch.ElapsedMilliseconds;
        var protect = Stopwatch.StartNew();
        var (primary, secondary) = StatisticsProtection.Protect(cells, k);
        timings["protect"] = protect.ElapsedMilliseconds;
        var release = new StatisticsRelease
        {
            DataDate = dataDate,
            BuiltAt = DateTimeOffset.UtcNow,
            K = k,
            Cells = cells.Count,
            PrimarySuppressed = primary,
            SecondarySuppressed = secondary,
        };

        var store = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.StatisticsCells.ExecuteDeleteAsync(cancellationToken);
        await db.StatisticsReleases.ExecuteDeleteAsync(cancellationToken);
        db.StatisticsReleases.Add(release);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var chunk in cells.Values.Chunk(5_000))
        {
            db.StatisticsCells.AddRange(chunk.Select(c => c.ToEntity(release.Id, dataDate)));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
        release.BuildMilliseconds = stopwatch.ElapsedMilliseconds;
        db.StatisticsReleases.Update(release);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        timings["store"] = store.ElapsedMilliseconds;
        timings["total"] = stopwatch.ElapsedMilliseconds;
        return release;
    }
}

/// <summary>The measures of one cell, as computed (before suppression).</summary>
internal sealed class CellValues(CellKey key)
{
    public CellKey Key { get; } = key;

    public bool Suppressed { get; set; }

    public int AgentCount { get; init; }

    public int Trainees { get; init; }

    public int Enrolments { get; init; }

    public int Attended { get; init; }

    public decimal TraineeDays { get; init; }

    public int Absent { get; init; }

    public int Cancelled { get; init; }

    public int Refused { get; init; }

    public int Waitlisted { get; init; }

    public override string ToString() => Key.ToString();

    public StatisticsCell ToEntity(int releaseId, DateOnly dataDate)
    {
        var shown = !Suppressed;
        return new StatisticsCell
        {
            Table = Key.Table,
            Year = Key.Year,
            RegionCode = Key.Region,
            DepartementCode = Key.Departement,
            CommuneCode = Key.Commune,
            CollectiviteType = Key.Type is null ? null : Enum.Parse<CollectiviteType>(Key.Type),
            Strate = Key.Strate is null ? null : Enum.Parse<Strate>(Key.Strate),
            Category = Key.Category is null ? null : Enum.Parse<AgentCategory>(Key.Category),
            DomainCode = Key.Domain,
            ThemeCode = Key.Theme,
            Modality = Key.Modality is null ? null : Enum.Parse<Modality>(Key.Modality),
            Funding = Key.Funding is null ? null : Enum.Parse<Funding>(Key.Funding),
            Suppressed = Suppressed,
            Agents = shown ? AgentCount : null,
            Trainees = shown ? Trainees : null,
            TraineeDays = shown ? TraineeDays : null,
            Enrolments = shown ? Enrolments : null,
            Attended = shown ? Attended : null,
            Absent = shown ? Absent : null,
            Cancelled = shown ? Cancelled : null,
            Refused = shown ? Refused : null,
            Waitlisted = shown ? Waitlisted : null,
            Pending = shown ? Enrolments - Attended - Absent - Cancelled - Refused - Waitlisted : null,
            DataDate = dataDate,
            ReleaseId = releaseId,
        };
    }
}
