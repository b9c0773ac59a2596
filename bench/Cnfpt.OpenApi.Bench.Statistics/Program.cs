using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cnfpt.OpenApi.Bench.Shared;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Seeding;
using Cnfpt.OpenApi.Core.Statistics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cnfpt.OpenApi.Bench.Statistics;

/// <summary>
/// The open-data statistics at a chosen scale (./build.sh bench-statistics --scale national): loads the seed by
/// binary COPY (timed), rebuilds the published release from the base tables (timed, per step), then measures
/// p50/p95 of realistic <c>$apply</c> rollups through the real API and a full CSV export, each against a
/// baseline measured in the same run: the same aggregation as raw SQL over <c>statistics_cells</c>, and
/// PostgreSQL's own <c>COPY … TO STDOUT (FORMAT csv)</c> of the table.
/// </summary>
internal static class Program
{
    private static readonly (string Name, string Apply, string Sql)[] Queries =
    [
        ("région × year (cube)",
            "filter(table eq 'cube')/groupby((year,regionCode),aggregate(traineeDays with sum as jfs,enrolments with sum as enrolments))",
            """SELECT year, region_code, CASE WHEN sum(CASE WHEN suppressed THEN 1 ELSE 0 END) > 0 THEN NULL ELSE sum(trainee_days) END, CASE WHEN sum(CASE WHEN suppressed THEN 1 ELSE 0 END) > 0 THEN NULL ELSE sum(enrolments) END FROM statistics_cells WHERE "table" = 'cube' GROUP BY year, region_code"""),
        ("département × theme",
            "filter(table eq 'year-departement-theme')/groupby((departementCode,themeCode),aggregate(traineeDays with sum as jfs,enrolments with sum as enrolments))",
            """SELECT departement_code, theme_code, CASE WHEN sum(CASE WHEN suppressed THEN 1 ELSE 0 END) > 0 THEN NULL ELSE sum(trainee_days) END, CASE WHEN sum(CASE WHEN suppressed THEN 1 ELSE 0 END) > 0 THEN NULL ELSE sum(enrolments) END FROM statistics_cells WHERE "table" = 'year-departement-theme' GROUP BY departement_code, theme_code"""),
        ("strate × catégorie",
            "filter(table eq 'year-strate-category')/groupby((strate,category),aggregate(traineeDays with sum as jfs,enrolments with sum as enrolments))",
            """SELECT strate, category, CASE WHEN sum(CASE WHEN suppressed THEN 1 ELSE 0 END) > 0 THEN NULL ELSE sum(trainee_days) END, CASE WHEN sum(CASE WHEN suppressed THEN 1 ELSE 0 END) > 0 THEN NULL ELSE sum(enrolments) END FROM statistics_cells WHERE "table" = 'year-strate-category' GROUP BY strate, category"""),
        ("département × year, one région",
            "filter(table eq 'year-departement' and regionCode eq '32')/groupby((year,departementCode),aggregate(traineeDays with sum as jfs,agents with sum as agents))",
            """SELECT year, departement_code, CASE WHEN sum(CASE WHEN suppressed THEN 1 ELSE 0 END) > 0 THEN NULL ELSE sum(trainee_days) END, CASE WHEN sum(CASE WHEN suppressed THEN 1 ELSE 0 END) > 0 THEN NULL ELSE sum(agents) END FROM statistics_cells WHERE "table" = 'year-departement' AND region_code = '32' GROUP BY year, departement_code"""),
    ];

    public static async Task<int> Main(string[] args)
    {
        var scale = "1";
        var iterations = 200;
        var reuse = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--scale": scale = args[++i]; break;
                case "--iterations": iterations = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--reuse": reuse = true; break;
                default: Console.Error.WriteLine("usage: bench-statistics [--scale national|N] [--iterations N] [--reuse (a database loaded by an earlier run on the same server)]"); return 2;
            }
        }

        var server = BenchPostgres.ServerFromEnvironment();
        if (server is null)
        {
            Console.Error.WriteLine("PGHOST is not set: run ./build.sh bench-statistics (it starts a throwaway PostgreSQL).");
            return 2;
        }

        const string Database = "cnfpt_statistics_bench";
        var connectionString = reuse
            ? CnfptDatabase.WithPoolLimit(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Database }.ConnectionString)
            : await BenchPostgres.RecreateAsync(server, Database);
        var referenceDate = new DateOnly(2026, 9, 1);
        var seed = SeedOptions.Parse(scale) with { Seed = 20_260_901, ReferenceDate = referenceDate };
        Console.WriteLine($"Statistics benchmark, scale {scale}, {Environment.ProcessorCount} cores, {iterations} requests per query");

        await using (var db = NewContext(connectionString))
        {
            await db.Database.MigrateAsync();
            if (reuse)
            {
                Console.WriteLine($"  load: reusing {Database} ({await db.Enrolments.IgnoreQueryFilters().CountAsync():N0} enrolments)");
            }
            else
            {
                var load = Stopwatch.StartNew();
                var counts = await Seeder.SeedAsync(db, seed);
                Console.WriteLine($"  load (binary COPY, one transaction): {load.Elapsed.TotalSeconds:0.0} s — {counts["collectivites"]:N0} collectivités, "
                    + $"{counts["agents"]:N0} agents, {counts["sessions"]:N0} sessions, {counts["enrolments"]:N0} enrolments, {counts["enrolment_events"]:N0} events, {counts["acknowledgements"]:N0} ARs");
                var analyze = Stopwatch.StartNew();
                db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
                await db.Database.ExecuteSqlRawAsync("ANALYZE");
                Console.WriteLine($"  ANALYZE: {analyze.Elapsed.TotalSeconds:0.0} s");
            }

            var timings = new Dictionary<string, long>(StringComparer.Ordinal);
            var release = await StatisticsCubeBuilder.BuildAsync(db, 11, referenceDate, timings: timings);
            Console.WriteLine($"  refresh (full rebuild of the release): {timings["total"] / 1000.0:0.0} s — SQL {timings["sql"] / 1000.0:0.0} s "
                + $"(fact table {timings["facts"] / 1000.0:0.0} s), suppression and audit {timings["protect"] / 1000.0:0.0} s, store {timings["store"] / 1000.0:0.0} s");
            Console.WriteLine($"    per table (ms): {string.Join(", ", StatisticsTables.Names.Select(t => $"{t} {timings[t]}"))}");
            Console.WriteLine($"    {release.Cells:N0} cells, {release.PrimarySuppressed:N0} primary and {release.SecondarySuppressed:N0} secondary suppressions");
            await db.Database.ExecuteSqlRawAsync("ANALYZE statistics_cells");
        }

        using var host = new StatisticsBenchHost(connectionString);
        host.StartServer();
        using var http = new HttpClient { BaseAddress = host.ServerAddress };
        await using var sql = new NpgsqlConnection(connectionString);
        await sql.OpenAsync();

        Console.WriteLine();
        Console.WriteLine($"  {"query",-32} {"API p50",9} {"API p95",9} {"SQL p50",9} {"SQL p95",9} {"p95 ratio",10}  rows");
        foreach (var (name, apply, raw) in Queries)
        {
            var url = "/v1/Statistics?$apply=" + Uri.EscapeDataString(apply);
            var rows = 0;
            var api = await MeasureAsync(iterations, async () =>
            {
                using var response = await http.GetAsync(url);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            });
            var baseline = await MeasureAsync(iterations, async () =>
            {
                await using var command = new NpgsqlCommand(raw, sql);
                await using var reader = await command.ExecuteReaderAsync();
                rows = 0;
                while (await reader.ReadAsync())
                {
                    rows++;
                }
            });
            Console.WriteLine($"  {name,-32} {api.P50,7:0.0}ms {api.P95,7:0.0}ms {baseline.P50,7:0.0}ms {baseline.P95,7:0.0}ms {api.P95 / baseline.P95,9:0.0}x  {rows}");
        }

        // Full CSV export through the API: every page of 1 000 rows, following Link rel="next".
        var export = Stopwatch.StartNew();
        long bytes = 0;
        var pages = 0;
        string? next = "/v1/Statistics?$format=csv&$orderby=id";
        while (next is not null)
        {
            using var response = await http.GetAsync(next);
            response.EnsureSuccessStatusCode();
            bytes += (await response.Content.ReadAsByteArrayAsync()).Length;
            pages++;
            next = response.Headers.TryGetValues("Link", out var links)
                ? links.SelectMany(l => l.Split(',')).Where(l => l.Contains("rel=\"next\"", StringComparison.Ordinal)).Select(l => l[(l.IndexOf('<', StringComparison.Ordinal) + 1)..l.IndexOf('>', StringComparison.Ordinal)]).FirstOrDefault()
                : null;
        }

        export.Stop();
        var copy = Stopwatch.StartNew();
        long copyBytes = 0;
        using (var reader = await sql.BeginTextExportAsync("COPY (SELECT * FROM statistics_cells ORDER BY id) TO STDOUT (FORMAT csv, HEADER)"))
        {
            var buffer = new char[65_536];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                copyBytes += Encoding.UTF8.GetByteCount(buffer, 0, read);
            }
        }

        copy.Stop();
        Console.WriteLine();
        Console.WriteLine($"  full CSV export via API: {bytes:N0} bytes in {pages} pages, {export.Elapsed.TotalMilliseconds:0} ms");
        Console.WriteLine($"  baseline COPY TO STDOUT:  {copyBytes:N0} bytes, {copy.Elapsed.TotalMilliseconds:0} ms — API/COPY time {export.Elapsed.TotalMilliseconds / copy.Elapsed.TotalMilliseconds:0.0}x");
        return 0;
    }

    private static async Task<(double P50, double P95)> MeasureAsync(int iterations, Func<Task> action)
    {
        for (var i = 0; i < Math.Max(10, iterations / 10); i++)
        {
            await action();
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        return (samples[(int)(0.50 * (iterations - 1))], samples[(int)Math.Ceiling(0.95 * (iterations - 1))]);
    }

    private static CnfptDbContext NewContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<CnfptDbContext>();
        CnfptDatabase.Configure(options, connectionString);
        return new CnfptDbContext(options.Options) { Tenant = TenantScope.All };
    }
}

/// <summary>The real API on Kestrel (<see cref="BenchHost"/>) with the anonymous statistics budget raised for the measurement.</summary>
internal sealed class StatisticsBenchHost(string connectionString) : BenchHost(connectionString)
{
    protected override void ConfigureBench(IWebHostBuilder builder)
    {
        builder.UseSetting("RateLimiting:AnonymousStatistics", "100000000");
        builder.UseSetting("RateLimiting:AnonymousRead", "100000000");
    }
}
