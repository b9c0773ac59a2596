using System.Net;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Seeding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cnfpt.OpenApi.Bench.Rollout;

/// <summary>
/// The real API (Program.cs, every middleware, OData, EF Core) on Kestrel bound to 127.0.0.1 in this process,
/// as bench/Cnfpt.OpenApi.Bench hosts it; only the write budget of the rate limiter is raised.
/// </summary>
internal sealed class RolloutHost : WebApplicationFactory<Program>
{
    private readonly string _connectionString;

    public RolloutHost(string connectionString)
    {
        _connectionString = connectionString;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public Uri ServerAddress =>
        new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // WebApplicationFactory looks for its content root in the current directory; appsettings.json is next to this dll.
        builder.UseContentRoot(AppContext.BaseDirectory);
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Cnfpt", _connectionString);
        builder.UseSetting("Database:Migrate", "true");
        builder.UseSetting("Database:Seed", "false");
        builder.UseSetting("Auth:EphemeralKeys", "true");
        builder.UseSetting("Auth:RequireHttps", "false");
        builder.UseSetting("Hardening:EnforceHttps", "false"); // plain HTTP on 127.0.0.1: no redirect middleware in the measured path
        builder.UseSetting("Auth:DemoClients", "false");
        // The limiter stays in the measured path (a batch counts as one write); 330 batches exceed the default budget.
        builder.UseSetting("RateLimiting:AuthenticatedWrite", "1000000");
        builder.ConfigureLogging(logging => logging.AddFilter(null, LogLevel.Warning));
    }
}

/// <summary>A fresh, migrated, seeded database on the PostgreSQL that PG* environment variables name.</summary>
internal static class RolloutDatabase
{
    public const string Name = "cnfpt_rollout";

    public static NpgsqlConnectionStringBuilder ServerFromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("PGHOST");
        if (string.IsNullOrEmpty(host))
        {
            throw new InvalidOperationException("PGHOST is not set: run ./build.sh rollout (it starts a throwaway PostgreSQL).");
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

    public static async Task<string> CreateAsync(NpgsqlConnectionStringBuilder server)
    {
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = CnfptDatabase.WithPoolLimit(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Name }.ConnectionString);
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
