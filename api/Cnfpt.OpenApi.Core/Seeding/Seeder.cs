using System.Collections;
using System.Diagnostics;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Cnfpt.OpenApi.Core.Seeding;

/// <summary>Writes a <see cref="SeedGenerator"/>'s rows: binary COPY on PostgreSQL, batched inserts on SQLite.</summary>
public static class Seeder
{
    /// <summary>True when the database already holds the catalogue (seeding is then skipped).</summary>
    public static Task<bool> IsSeededAsync(CnfptDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Courses.AnyAsync(cancellationToken);
    }

    /// <summary>Seeds an empty, migrated database and returns the counts written per table.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> SeedAsync(
        CnfptDbContext db, SeedOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var data = new SeedGenerator(options);
        var tables = new List<(Type Type, Func<IEnumerable> Rows)>
        {
            (typeof(Region), () => data.Regions),
            (typeof(Departement), () => data.Departements),
            (typeof(Commune), () => data.Communes),
            (typeof(Delegation), () => data.Delegations),
            (typeof(TrainingDomain), () => data.Domains),
            (typeof(Theme), () => data.Themes),
            (typeof(Course), () => data.Courses),
            // Collectivités and périmètres reference each other: périmètres first without coordinator
            // would need a second pass, so the coordinator FK is written with the périmètre after its members.
            (typeof(Perimetre), () => data.Perimetres.Select(p => WithoutCoordinator(p))),
            (typeof(Collectivite), () => data.Collectivites),
            (typeof(Agent), () => data.Agents),
            (typeof(Session), () => data.Sessions),
            (typeof(Enrolment), data.Enrolments),
            (typeof(EnrolmentEvent), () => data.Enrolments().SelectMany(e => e.Events)),
            (typeof(Acknowledgement), () => data.Enrolments().Select(e => e.Acknowledgement).OfType<Acknowledgement>()),
            (typeof(ELearningModule), () => data.ELearningModules),
            (typeof(DiagnosticQuestion), () => data.DiagnosticQuestions),
            (typeof(SessionProposal), () => data.SessionProposals),
            (typeof(TrainingNeed), () => data.TrainingNeeds),
            (typeof(TrainingNeedAgent), () => data.TrainingNeedAgents),
            (typeof(ELearningProgramme), () => data.ELearningProgrammes),
            (typeof(ProgrammeModule), () => data.ProgrammeModules),
            (typeof(ProgrammeTarget), () => data.ProgrammeTargets),
            (typeof(ModuleProgress), () => data.ModuleProgress),
        };

        var counts = new Dictionary<string, long>();
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            foreach (var (type, rows) in tables)
            {
                var entityType = db.Model.FindEntityType(type)!;
                counts[entityType.GetTableName()!] = await BulkCopy.WriteAsync(connection, entityType, rows(), cancellationToken);
            }

            await BulkCopy.ResetIdentitiesAsync(connection, db.Model, cancellationToken);
        }
        else
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var (type, rows) in tables.Where(t => t.Type != typeof(EnrolmentEvent) && t.Type != typeof(Acknowledgement)))
            {
                // Enrolments carry their events and acknowledgement: adding the graph writes all three.
                long count = 0;
                foreach (var chunk in rows().Cast<object>().Chunk(2_000))
                {
                    db.AddRange(chunk);
                    await db.SaveChangesAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    count += chunk.Length;
                }

                counts[db.Model.FindEntityType(type)!.GetTableName()!] = count;
            }

            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }

        // Now that every collectivité exists, the périmètres get their coordinators.
        foreach (var perimetre in data.Perimetres)
        {
            await db.Perimetres.Where(p => p.Id == perimetre.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.CoordinatorId, perimetre.CoordinatorId), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        counts["elapsed_ms"] = stopwatch.ElapsedMilliseconds;
        return counts;
    }

    private static Perimetre WithoutCoordinator(Perimetre p) => new()
    {
        Id = p.Id, Name = p.Name, DelegationId = p.DelegationId, CoordinatorId = null,
    };
}
