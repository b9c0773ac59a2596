namespace Cnfpt.OpenApi.Bench;

/// <summary>The results table, the goals, and the per-request counters that explain the gap.</summary>
internal static class Report
{
    public static void Print(Endpoint odata, Endpoint raw, PhaseResult odataPeak, PhaseResult rawPeak,
        PhaseResult odataOpen, PhaseResult rawOpen, double rate, int connections, double ratioGoal, double p99GoalMs)
    {
        Console.WriteLine();
        Console.WriteLine($"{"",-8}{$"peak: closed loop, {connections} connections",-36}{$"open loop at {rate:F0} req/s",-24}");
        Console.WriteLine($"{"endpoint",-8}{"req/s",10}{"p50 ms",10}{"p99 ms",10}{"",6}{"p50 ms",10}{"p99 ms",10}{"",4}{"errors",8}");
        foreach (var (endpoint, peak, open) in new[] { (odata, odataPeak, odataOpen), (raw, rawPeak, rawOpen) })
        {
            Console.WriteLine($"{endpoint.Name,-8}{peak.RequestsPerSecond,10:F0}{peak.P50Ms,10:F2}{peak.P99Ms,10:F2}{"",6}"
                + $"{open.P50Ms,10:F2}{open.P99Ms,10:F2}{"",4}{peak.Errors + open.Errors,8}");
        }

        var ratio = odataPeak.RequestsPerSecond / rawPeak.RequestsPerSecond;
        Console.WriteLine();
        Console.WriteLine($"OData/raw requests/s at peak: {ratio:F2}   goal >= {ratioGoal:F2}: {(ratio >= ratioGoal ? "MET" : "NOT MET")}");
        Console.WriteLine($"OData p99 at 70 % of its peak: {odataOpen.P99Ms:F1} ms   goal < {p99GoalMs:F0} ms: {(odataOpen.P99Ms < p99GoalMs ? "MET" : "NOT MET")}");
        if (odataOpen.RequestsPerSecond < 0.95 * rate || rawOpen.RequestsPerSecond < 0.95 * rate)
        {
            Console.WriteLine($"(the open loop completed {odataOpen.RequestsPerSecond:F0} and {rawOpen.RequestsPerSecond:F0} req/s of the {rate:F0} scheduled: it fell behind, latencies include the backlog)");
        }

        Console.WriteLine();
        Console.WriteLine("Per request, whole process (server + in-process load client; PostgreSQL's own CPU is not included):");
        Console.WriteLine($"{"phase",-11}{"endpoint",-12}{"requests",10}{"KB alloc",10}{"CPU µs",9}{"CPU busy",10}{"gen0",7}{"gen1",6}{"gen2",6}{"JIT/req",9}{"lock waits",12}{"EF queries",12}{"EF misses",11}{"body B",9}");
        Row("peak", odata, odataPeak);
        Row("peak", raw, rawPeak);
        Difference("peak", odata, raw, odataPeak, rawPeak);
        Row("open loop", odata, odataOpen);
        Row("open loop", raw, rawOpen);
        Difference("open loop", odata, raw, odataOpen, rawOpen);
    }

    private static void Row(string phase, Endpoint endpoint, PhaseResult r) =>
        Console.WriteLine($"{phase,-11}{endpoint.Name,-12}{r.Requests,10}{r.AllocatedKBPerRequest,10:F1}{r.CpuMicrosecondsPerRequest,9:F0}"
            + $"{r.Counters.Cpu / r.Elapsed / Environment.ProcessorCount,10:P0}{r.Counters.Gen0,7}{r.Counters.Gen1,6}{r.Counters.Gen2,6}{r.Counters.JitMethods / (double)Math.Max(1, r.Requests),9:F2}{r.Counters.LockContentions,12}{r.Counters.EfQueries,12}{r.Counters.EfCacheMisses,11}{endpoint.ExpectedBytes,9}");

    private static void Difference(string phase, Endpoint a, Endpoint b, PhaseResult ra, PhaseResult rb) =>
        Console.WriteLine($"{phase,-11}{$"{a.Name} - {b.Name}",-12}{"",10}{ra.AllocatedKBPerRequest - rb.AllocatedKBPerRequest,10:+0.0;-0.0}"
            + $"{ra.CpuMicrosecondsPerRequest - rb.CpuMicrosecondsPerRequest,9:+0;-0}{"",10}{"",7}{"",6}{"",6}{"",9}{"",12}{"",12}{"",11}{a.ExpectedBytes - b.ExpectedBytes,9:+0;-0}");
}
