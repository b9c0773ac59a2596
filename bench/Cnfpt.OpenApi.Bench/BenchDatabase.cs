using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Cnfpt.OpenApi.Bench.Shared;
using Npgsql;

namespace Cnfpt.OpenApi.Bench;

/// <summary>A fresh, migrated, seeded database on the PostgreSQL that <c>pg_virtualenv</c> points at.</summary>
internal static class BenchDatabase
{
    public const string Name = "cnfpt_bench";

    /// <summary>"Today" of the seeded data: the benchmark's filter date is the same day.</summary>
    public static readonly DateOnly ReferenceDate = new(2026, 9, 1);

    public static NpgsqlConnectionStringBuilder ServerFromEnvironment() => BenchPostgres.ServerFromEnvironment()
        ?? throw new BenchFailedException("PGHOST is not set: run the benchmark with ./build.sh bench (it starts a throwaway PostgreSQL).");

    /// <summary>Drops and recreates <see cref="Name"/>, migrates and seeds it; returns its connection string.</summary>
    public static async Task<(string ConnectionString, IReadOnlyDictionary<string, long> Counts)> CreateAsync(
        NpgsqlConnectionStringBuilder server, int scale)
    {
        var connectionString = await BenchPostgres.RecreateAsync(server, Name);
        var options = new DbContextOptionsBuilder<CnfptDbContext>();
        CnfptDatabase.Configure(options, connectionString);
        await using var db = new CnfptDbContext(options.Options);
        await db.Database.MigrateAsync();
        var counts = await Seeder.SeedAsync(db, new SeedOptions { Seed = 20_260_901, ReferenceDate = ReferenceDate, Scale = scale });
        // Planner statistics now rather than whenever autovacuum gets to it: both endpoints see the same plans.
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        return (connectionString, counts);
    }
}
