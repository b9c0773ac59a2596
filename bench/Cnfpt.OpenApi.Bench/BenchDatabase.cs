using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cnfpt.OpenApi.Bench;

/// <summary>A fresh, migrated, seeded database on the PostgreSQL that <c>pg_virtualenv</c> points at.</summary>
internal static class BenchDatabase
{
    public const string Name = "cnfpt_bench";

    /// <summary>"Today" of the seeded data: the benchmark's filter date is the same day.</summary>
    public static readonly DateOnly ReferenceDate = new(2026, 9, 1);

    /// <summary>The server from PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE (exported by pg_virtualenv).</summary>
    public static NpgsqlConnectionStringBuilder ServerFromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("PGHOST");
        if (string.IsNullOrEmpty(host))
        {
            throw new BenchFailedException("PGHOST is not set: run the benchmark with ./build.sh bench (it starts a throwaway PostgreSQL).");
        }

        return new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = int.TryParse(Environment.GetEnvironmentVariable("PGPORT"), out var port) ? port : 5432,
            Username = Environment.GetEnvironmentVariable("PGUSER") ?? "postgres",
            Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
            Database = Environment.GetEnvironmentVariable("PGDATABASE") ?? "postgres",
        };
    }

    /// <summary>Drops and recreates <see cref="Name"/>, migrates and seeds it; returns its connection string.</summary>
    public static async Task<(string ConnectionString, IReadOnlyDictionary<string, long> Counts)> CreateAsync(
        NpgsqlConnectionStringBuilder server, int scale)
    {
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        // The same pool cap as the API (CnfptDatabase.WithPoolLimit): both endpoints share one budget of connections.
        var connectionString = CnfptDatabase.WithPoolLimit(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Name }.ConnectionString);
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
