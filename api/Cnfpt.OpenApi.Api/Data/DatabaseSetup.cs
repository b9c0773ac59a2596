using System.Security.Cryptography;
using System.Text;
using Cnfpt.OpenApi.Api.Auth;
using Cnfpt.OpenApi.Api.Statistics;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cnfpt.OpenApi.Api.Data;

/// <summary>Settings of the "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    /// <summary>SQLite file of the sandbox, relative to the content root, used when no connection string is set.</summary>
    public string SandboxFile { get; set; } = "cnfpt-sandbox.db";

    /// <summary>Apply pending PostgreSQL migrations at start (otherwise: <c>dotnet ef database update</c>).</summary>
    public bool Migrate { get; set; } = true;

    /// <summary>Seed an empty database with demo data. Defaults to true on SQLite, false on PostgreSQL.</summary>
    public bool? Seed { get; set; }

    public int SeedScale { get; set; } = 1;
}

internal static class DatabaseSetup
{
    /// <summary>
    /// The sandbox: no connection string, so the embedded SQLite file with demo data, on plain HTTP, with
    /// throwaway signing keys — whatever the environment name (the sandbox may run from its Release build).
    /// </summary>
    public static bool IsSandbox(this IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration.GetConnectionString("Cnfpt"));

    private sealed class NoTenantFactory(IDbContextFactory<CnfptDbContext> pooled) : IDbContextFactory<CnfptDbContext>
    {
        public CnfptDbContext CreateDbContext()
        {
            var db = pooled.CreateDbContext();
            db.Tenant = TenantScope.None;
            return db;
        }
    }

    /// <summary>
    /// PostgreSQL when <c>ConnectionStrings:Cnfpt</c> is set, otherwise the sandbox's SQLite file.
    /// </summary>
    public static WebApplicationBuilder AddCnfptDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection("Database"));
        var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString("Cnfpt");
        connectionString = string.IsNullOrWhiteSpace(connectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(builder.Environment.ContentRootPath, options.SandboxFile) }.ToString()
            : CnfptDatabase.ProviderOf(connectionString) == DatabaseProvider.PostgreSql
                ? CnfptDatabase.WithPoolLimit(connectionString)
                : connectionString;

        // Pooled contexts, each scoped anew per request with the caller's tenant (docs/security.md): a context
        // resolved without a caller sees no tenant row.
        builder.Services.AddPooledDbContextFactory<CnfptDbContext>(o => CnfptDatabase.Configure(o, connectionString));
        // Pooled contexts would keep the tenant scope of their previous user: every context handed out starts
        // at TenantScope.None, and whoever needs more says so.
        builder.Services.Replace(ServiceDescriptor.Singleton<IDbContextFactory<CnfptDbContext>>(services =>
            new NoTenantFactory(ActivatorUtilities.CreateInstance<PooledDbContextFactory<CnfptDbContext>>(services))));
        builder.Services.AddScoped(services =>
        {
            var db = services.GetRequiredService<IDbContextFactory<CnfptDbContext>>().CreateDbContext();
            db.Tenant = services.GetRequiredService<CallerAccessor>().Caller.Tenant;
            return db;
        });
        return builder;
    }

    /// <summary>Migrates (PostgreSQL) or creates (SQLite sandbox) the database, then seeds it when asked.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CnfptDbContext>();
        var options = app.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var logger = app.Logger;
        var sqlite = db.Database.IsSqlite();

        if (sqlite)
        {
            await RecreateSandboxIfModelChangedAsync(db, logger);
        }
        else if (options.Migrate)
        {
            await db.Database.MigrateAsync();
        }

        if ((options.Seed ?? sqlite) && !await Seeder.IsSeededAsync(db))
        {
            Log.Seeding(logger, options.SeedScale);
            var counts = await Seeder.SeedAsync(db, new SeedOptions { Scale = options.SeedScale });
            Log.Seeded(logger, string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
            await app.BuildStatisticsAsync(db);
            if (sqlite)
            {
                Log.SeededAttestations(logger, await Attestations.SandboxAttestations.SeedAsync(app.Services));
            }
        }

        var auth = app.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if (auth.DemoClients ?? sqlite)
        {
            await DemoClients.EnsureAsync(app.Services);
        }
    }

    /// <summary>
    /// The sandbox file holds only generated demo data: when the model changes it is dropped and recreated
    /// rather than migrated. The model's fingerprint is kept in SQLite's user_version.
    /// </summary>
    private static async Task RecreateSandboxIfModelChangedAsync(CnfptDbContext db, ILogger logger)
    {
        var script = db.Database.GenerateCreateScript();
        var fingerprint = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(script)), 0) & int.MaxValue;
        var stored = await db.Database.SqlQueryRaw<int>("SELECT user_version AS \"Value\" FROM pragma_user_version").SingleAsync();
        if (stored == fingerprint)
        {
            return;
        }

        if (stored != 0)
        {
            Log.RecreatingSandbox(logger);
        }

        SqliteConnection.ClearAllPools();
        await db.Database.EnsureDeletedAsync();
        await db.Database.EnsureCreatedAsync();
        // The value is an integer we computed, not input: no injection possible.
#pragma warning disable EF1002
        await db.Database.ExecuteSqlRawAsync($"PRAGMA user_version = {fingerprint}");
#pragma warning restore EF1002
    }
}
