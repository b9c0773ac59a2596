using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cnfpt.OpenApi.Api.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL database per fixture, created on the server that the PG* environment variables name
/// (./build.sh test starts a throwaway cluster and exports them), migrated with the committed migrations.
/// </summary>
public static class TestDatabase
{
    /// <summary>The sandbox-size seed with a fixed "today", so that every run sees the same rows.</summary>
    public static readonly SeedOptions Seed = new() { Seed = 20_260_901, ReferenceDate = new DateOnly(2026, 9, 1) };

    public static string ServerConnectionString()
    {
        if (Environment.GetEnvironmentVariable("PGHOST") is null && Environment.GetEnvironmentVariable("PGPORT") is null)
        {
            throw new InvalidOperationException(
                "No PostgreSQL server: run the tests with ./build.sh test (it starts a throwaway cluster), "
                + "or export PGHOST, PGPORT, PGUSER and PGPASSWORD for a server you own.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Environment.GetEnvironmentVariable("PGHOST") ?? "localhost",
            Username = Environment.GetEnvironmentVariable("PGUSER") ?? "postgres",
            Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
            Database = "postgres",
            MaxPoolSize = 20,
        };
        if (int.TryParse(Environment.GetEnvironmentVariable("PGPORT"), out var port))
        {
            builder.Port = port;
        }

        return builder.ConnectionString;
    }

    public static async Task<string> CreateAsync(string prefix, bool seed)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using (var server = new NpgsqlConnection(ServerConnectionString()))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString()) { Database = name }.ConnectionString;
        await using var db = NewContext(connectionString);
        await db.Database.MigrateAsync();
        if (seed)
        {
            await Seeder.SeedAsync(db, Seed);
        }

        return connectionString;
    }

    /// <summary>A context on the test database; tests that check tenant-owned rows pass <see cref="TenantScope.All"/>.</summary>
    public static CnfptDbContext NewContext(string connectionString, TenantScope? tenant = null) =>
        new((DbContextOptions<CnfptDbContext>)CnfptDatabase.Configure(new DbContextOptionsBuilder<CnfptDbContext>(), connectionString).Options)
        {
            Tenant = tenant ?? TenantScope.None,
        };

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(ServerConnectionString());
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
