using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cnfpt.OpenApi.Bench;

/// <summary>
/// OData catalogue endpoint against a hand-written baseline, in one process, on one database: verify, warm up,
/// closed-loop peak, open-loop at 70 % of the OData peak. Every phase alternates the endpoints in ABBA order so
/// that drift (JIT tiers, caches, a noisy neighbour) weighs on both alike. See bench/README.md.
/// </summary>
internal static class BenchProgram
{
    private const double OpenLoopFraction = 0.70;
    private const double RatioGoal = 0.85;
    private const double P99GoalMs = 50;
    private const int SettledJitMethods = 10;
    private static readonly TimeSpan MaxWarmup = TimeSpan.FromSeconds(30);

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return await RunAsync(BenchOptions.Parse(args));
        }
        catch (BenchFailedException e)
        {
            Console.Error.WriteLine($"BENCH FAILED: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> RunAsync(BenchOptions options)
    {
        if (options.Help)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        var server = BenchDatabase.ServerFromEnvironment();
        Console.WriteLine("CNFPT OpenAPI — catalogue load benchmark (OData vs hand-written baseline, same process, same database)");
        Console.WriteLine($"  machine   {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, "
            + $"{RuntimeInformation.OSDescription}, load average {LoadAverage()} before the run");

        var seeding = Stopwatch.StartNew();
        var (connectionString, counts) = await BenchDatabase.CreateAsync(server, options.Scale);
        Console.WriteLine($"  database  {BenchDatabase.Name} on {server.Host}:{server.Port}, scale {options.Scale}: {counts["sessions"]} sessions, "
            + $"{counts["courses"]} courses, {counts["enrolments"]} enrolments (created, migrated, seeded in {seeding.Elapsed.TotalSeconds:F1} s)");

        await using var api = new BenchApiFactory(connectionString);
        api.StartServer();
        using var http = LoadClient.CreateHttpClient(api.ServerAddress, options.Connections);
        Console.WriteLine($"  server    Kestrel in this process on {api.ServerAddress}");
        Console.WriteLine($"  OData     GET {BenchQuery.OData}");
        Console.WriteLine($"  raw       GET {BenchQuery.Raw}   (Npgsql + Utf8JsonWriter, mapped only in the bench host)");

        var (odata, raw, ids) = await Verification.RunAsync(http);
        Console.WriteLine();
        Console.WriteLine($"Verified: both 200, the same {ids.Length} rows in the same order (ids {ids[0]} … {ids[^1]}), every value equal; "
            + $"bodies {odata.ExpectedBytes:N0} B (OData) and {raw.ExpectedBytes:N0} B (raw)");

        await PrintSqlAsync(http, api.Services.GetRequiredService<NpgsqlDataSource>());

        var client = new LoadClient(http, options.MaxRequests);
        var half = options.Duration / 2;
        Console.WriteLine();
        await WarmUpAsync(client, [odata, raw], options);

        Console.Write($"Peak: closed loop, {options.Connections} connections, OData {half.TotalSeconds:0.#} s, raw {options.Duration.TotalSeconds:0.#} s, OData {half.TotalSeconds:0.#} s… ");
        var odataFirst = await client.ClosedLoopAsync(odata, options.Connections, half);
        var rawPeak = PhaseResult.Combine(await client.ClosedLoopAsync(raw, options.Connections, options.Duration));
        var odataPeak = PhaseResult.Combine(odataFirst, await client.ClosedLoopAsync(odata, options.Connections, half));
        Console.WriteLine("done");

        var rate = OpenLoopFraction * odataPeak.RequestsPerSecond;
        Console.Write($"Open loop at {rate:F0} req/s ({OpenLoopFraction:P0} of the OData peak): raw {half.TotalSeconds:0.#} s, OData {options.Duration.TotalSeconds:0.#} s, raw {half.TotalSeconds:0.#} s… ");
        var rawFirst = await client.OpenLoopAsync(raw, rate, half);
        var odataOpen = PhaseResult.Combine(await client.OpenLoopAsync(odata, rate, options.Duration));
        var rawOpen = PhaseResult.Combine(rawFirst, await client.OpenLoopAsync(raw, rate, half));
        Console.WriteLine("done");

        Report.Print(odata, raw, odataPeak, rawPeak, odataOpen, rawOpen, rate, options.Connections, RatioGoal, P99GoalMs);
        Console.WriteLine($"Load average after the run: {LoadAverage()} (1, 5, 15 min).");

        var errors = odataPeak.Errors + rawPeak.Errors + odataOpen.Errors + rawOpen.Errors;
        if (errors > 0)
        {
            throw new BenchFailedException($"{errors} requests failed (not 200, or a body of unexpected length): the numbers above are not comparable.");
        }

        return 0;
    }

    /// <summary>
    /// Closed-loop rounds of one second per endpoint, alternating, for at least <see cref="BenchOptions.Warmup"/>
    /// each and until a round JIT-compiles fewer than <see cref="SettledJitMethods"/> methods (tier-1 recompilation
    /// done), at most <see cref="MaxWarmup"/> each. A fixed few seconds is not enough when a slow endpoint runs few
    /// requests per second: numbers taken while the JIT still works would describe tier-0 code.
    /// </summary>
    private static async Task WarmUpAsync(LoadClient client, Endpoint[] endpoints, BenchOptions options)
    {
        var round = TimeSpan.FromSeconds(1);
        var elapsed = new TimeSpan[endpoints.Length];
        var settled = new bool[endpoints.Length];
        var rates = new double[endpoints.Length];
        var jit = new long[endpoints.Length];
        Console.Write("Warm-up until the JIT settles… ");
        while (settled.Contains(false))
        {
            for (var i = 0; i < endpoints.Length; i++)
            {
                if (settled[i])
                {
                    continue;
                }

                var sample = await client.ClosedLoopAsync(endpoints[i], options.Connections, round);
                elapsed[i] += sample.Elapsed;
                rates[i] = sample.LatencyTicks.Length / sample.Elapsed.TotalSeconds;
                jit[i] = sample.Counters.JitMethods;
                settled[i] = (elapsed[i] >= options.Warmup && jit[i] < SettledJitMethods) || elapsed[i] >= MaxWarmup;
            }
        }

        Console.WriteLine(string.Join(", ", endpoints.Select((e, i) => $"{e.Name} {elapsed[i].TotalSeconds:F0} s ({rates[i]:F0} req/s"
            + (jit[i] < SettledJitMethods ? ")" : $", still {jit[i]} methods JIT-compiled in the last second: numbers below include JIT work)"))));
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux): other work on the machine skews every number here.</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg")
        ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "unknown";

    /// <summary>The statement each endpoint sends and PostgreSQL's own time for it: what the process counters cannot show.</summary>
    private static async Task PrintSqlAsync(HttpClient http, NpgsqlDataSource dataSource)
    {
        const int runs = 25;
        var efCommands = await SqlProbe.CaptureEfCommandsAsync(async () => (await http.GetAsync(BenchQuery.OData)).Dispose());
        if (efCommands.Count != 1)
        {
            throw new BenchFailedException($"Expected the OData request to send one SQL statement, it sent {efCommands.Count}.");
        }

        SqlProbe.Statement rawStatement = new(RawSessionsEndpoint.Sql, RawSessionsEndpoint.Parameters());
        Console.WriteLine();
        Console.WriteLine($"SQL sent per request, and PostgreSQL's planning + execution time (median of {runs} EXPLAIN ANALYZE):");
        foreach (var (name, statement) in new[] { ("OData", efCommands[0]), ("raw", rawStatement) })
        {
            var timing = await SqlProbe.ExplainAsync(dataSource, statement, runs);
            Console.WriteLine($"  {name,-5} {timing.MedianMs:F2} ms   plan: {timing.Plan}");
            foreach (var line in statement.Sql.Split('\n'))
            {
                Console.WriteLine($"          {line.TrimEnd()}");
            }
        }
    }
}
