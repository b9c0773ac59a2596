using System.Net;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cnfpt.OpenApi.Bench.Shared;

/// <summary>
/// The real API (its Program.cs, every middleware, OData, EF Core) on real Kestrel bound to 127.0.0.1 in the
/// benchmark's process, as a throwaway instance: ephemeral signing keys, plain HTTP, no demo clients, warnings
/// only. Each benchmark adds its own settings (rate-limit budgets, a baseline endpoint) in <see cref="ConfigureBench"/>.
/// Shared by bench/Cnfpt.OpenApi.Bench and bench/Cnfpt.OpenApi.Bench.Rollout (linked source).
/// </summary>
internal abstract class BenchHost : WebApplicationFactory<Program>
{
    protected BenchHost(string connectionString)
    {
        ConnectionString = connectionString;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    protected string ConnectionString { get; }

    /// <summary>The address Kestrel listens on, known once <c>StartServer()</c> has returned.</summary>
    public Uri ServerAddress =>
        new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

    /// <summary>
    /// WebApplicationFactory looks for its content-root manifest in the current directory, which is the
    /// repository root under ./build.sh; the API's appsettings.json is copied next to this dll.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.UseContentRoot(AppContext.BaseDirectory);
        return base.CreateHost(builder);
    }

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Cnfpt", ConnectionString);
        builder.UseSetting("Database:Migrate", "true");
        builder.UseSetting("Database:Seed", "false");
        builder.UseSetting("Auth:EphemeralKeys", "true");
        builder.UseSetting("Auth:RequireHttps", "false");
        builder.UseSetting("Auth:DemoClients", "false");
        // Plain HTTP on 127.0.0.1: no redirect middleware in the measured path.
        builder.UseSetting("Hardening:EnforceHttps", "false");
        builder.ConfigureLogging(logging => logging.AddFilter(null, LogLevel.Warning));
        ConfigureBench(builder);
    }

    protected abstract void ConfigureBench(IWebHostBuilder builder);
}

/// <summary>The throwaway PostgreSQL that <c>pg_virtualenv</c> exports in PG* variables, and fresh databases on it.</summary>
internal static class BenchPostgres
{
    /// <summary>The server from PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE; null when PGHOST is not set.</summary>
    public static NpgsqlConnectionStringBuilder? ServerFromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("PGHOST");
        return string.IsNullOrEmpty(host) ? null : new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = int.TryParse(Environment.GetEnvironmentVariable("PGPORT"), out var port) ? port : 5432,
            Username = Environment.GetEnvironmentVariable("PGUSER") ?? "postgres",
            Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
            Database = Environment.GetEnvironmentVariable("PGDATABASE") ?? "postgres",
        };
    }

    /// <summary>
    /// Drops and recreates <paramref name="name"/>; returns its connection string with the API's pool cap
    /// (<see cref="CnfptDatabase.WithPoolLimit"/>), so that the benchmark and the API share one connection budget.
    /// </summary>
    public static async Task<string> RecreateAsync(NpgsqlConnectionStringBuilder server, string name)
    {
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return CnfptDatabase.WithPoolLimit(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString);
    }
}
