using Cnfpt.OpenApi.Bench.Shared;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Seeding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cnfpt.OpenApi.Bench.Rollout;

/// <summary>The real API on Kestrel (<see cref="BenchHost"/>); only the write budget of the rate limiter is raised.</summary>
internal sealed class RolloutHost(string connectionString) : BenchHost(connectionString)
{
    // The limiter stays in the measured path (a batch counts as one write); 330 batches exceed the default budget.
    protected override void ConfigureBench(IWebHostBuilder builder) =>
        builder.UseSetting("RateLimiting:AuthenticatedWrite", "1000000");
}

/// <summary>A fresh, migrated, seeded database on the PostgreSQL that PG* environment variables name.</summary>
internal static class RolloutDatabase
{
    public const string Name = "cnfpt_rollout";

    public static NpgsqlConnectionStringBuilder ServerFromEnvironment() => BenchPostgres.ServerFromEnvironment()
        ?? throw new InvalidOperationException("PGHOST is not set: run ./build.sh rollout (it starts a throwaway PostgreSQL).");

    public static async Task<string> CreateAsync(NpgsqlConnectionStringBuilder server)
    {
        var connectionString = await BenchPostgres.RecreateAsync(server, Name);
        await using var db = NewContext(connectionString);
        await db.Database.MigrateAsync();
        await Seeder.SeedAsync(db, new SeedOptions { Seed = 20_260_901, Scale = 1 });
        return connectionString;
    }

    public static CnfptDbContext NewContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<CnfptDbContext>();
        CnfptDatabase.Configure(options, connectionString);
        return new CnfptDbContext(options.Options) { Tenant = TenantScope.All };
    }
}
