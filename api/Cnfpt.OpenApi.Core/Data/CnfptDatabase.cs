using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace Cnfpt.OpenApi.Core.Data;

/// <summary>The two stores the API knows and how a DbContext is pointed at each.</summary>
public enum DatabaseProvider { PostgreSql, Sqlite }

/// <summary>One place that configures <see cref="CnfptDbContext"/> for the host, the tests, the tools and the bench.</summary>
public static class CnfptDatabase
{
    /// <summary>A connection string that starts with "Data Source=" (and names a .db file) is SQLite; anything else is PostgreSQL.</summary>
    public static DatabaseProvider ProviderOf(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return connectionString.TrimStart().StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Sqlite
            : DatabaseProvider.PostgreSql;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ProviderOf(connectionString) == DatabaseProvider.Sqlite)
        {
            options.UseSqlite(connectionString);
        }
        else
        {
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"));
        }

        // Collectivités are filtered like the tenant rows that require them, so a required navigation
        // never points to a hidden row: the warning EF gives for that combination does not apply.
        return options.UseSnakeCaseNamingConvention()
            .ConfigureWarnings(w => w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));
    }

    /// <summary>
    /// Npgsql's default pool (100) exceeds what a default server accepts (97 usable slots): cap it explicitly
    /// unless the connection string already says otherwise.
    /// </summary>
    public static string WithPoolLimit(string postgresConnectionString, int maxPoolSize = 50)
    {
        var builder = new NpgsqlConnectionStringBuilder(postgresConnectionString);
        if (!postgresConnectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !postgresConnectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = maxPoolSize;
        }

        // A burst of writes queues for connections rather than failing after Npgsql's default 15 s; what
        // still times out is answered 503 with Retry-After (ProblemDetailsSetup).
        if (!postgresConnectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = 60;
        }

        return builder.ConnectionString;
    }
}

/// <summary>Used by <c>dotnet ef</c> to create migrations: always PostgreSQL.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CnfptDbContext>
{
    public CnfptDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Cnfpt")
            ?? "Host=localhost;Database=cnfpt;Username=postgres";
        var options = new DbContextOptionsBuilder<CnfptDbContext>();
        CnfptDatabase.Configure(options, connectionString);
        return new CnfptDbContext(options.Options);
    }
}
