using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Cnfpt.OpenApi.Api.Tests.Infrastructure;

/// <summary>
/// The real API (Program.cs, the whole middleware pipeline) on a given database, with the SQL it sends
/// captured so that tests can prove a query runs in the database.
/// </summary>
public sealed class ApiFactory(string? connectionString, IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public SqlLog Sql { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Cnfpt", connectionString ?? "");
        builder.UseSetting("Database:Migrate", "false");
        builder.UseSetting("Database:Seed", "false");
        // Throwaway signing keys and plain HTTP on the in-memory test server; tests register their own clients.
        builder.UseSetting("Auth:EphemeralKeys", "true");
        builder.UseSetting("Attestations:EphemeralKeys", "true");
        builder.UseSetting("Auth:RequireHttps", "false");
        builder.UseSetting("Auth:DemoClients", "false");
        builder.UseSetting("Hardening:EnforceHttps", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            // No console output from the API under test: it buried CI's test results under 400 000 lines.
            logging.ClearProviders();
            logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
            logging.AddProvider(Sql);
        });
    }
}

/// <summary>Keeps the text of the SQL commands EF Core executed (its "Executed DbCommand" log events).</summary>
public sealed class SqlLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _commands = new();

    public IReadOnlyList<string> Commands => [.. _commands];

    public void Clear() => _commands.Clear();

    public ILogger CreateLogger(string categoryName) =>
        categoryName == "Microsoft.EntityFrameworkCore.Database.Command" ? new Capture(_commands) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Capture(ConcurrentQueue<string> commands) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted")
            {
                commands.Enqueue(formatter(state, exception));
            }
        }
    }
}
