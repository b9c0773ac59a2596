using System.Diagnostics;
using System.Runtime;

namespace Cnfpt.OpenApi.Bench;

/// <summary>Process-wide counters: server and load client together (PostgreSQL runs in its own processes).</summary>
internal readonly record struct ProcessCounters(
    long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Cpu, long JitMethods, long LockContentions, long EfQueries, long EfCacheMisses)
{
    public static ProcessCounters Now()
    {
        using var process = Process.GetCurrentProcess();
        var (queries, misses) = EfMetrics.Now();
        return new(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            process.TotalProcessorTime, JitInfo.GetCompiledMethodCount(), Monitor.LockContentionCount, queries, misses);
    }

    public static ProcessCounters operator -(ProcessCounters after, ProcessCounters before) => new(
        after.AllocatedBytes - before.AllocatedBytes, after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2,
        after.Cpu - before.Cpu, after.JitMethods - before.JitMethods, after.LockContentions - before.LockContentions,
        after.EfQueries - before.EfQueries, after.EfCacheMisses - before.EfCacheMisses);

    public static ProcessCounters operator +(ProcessCounters a, ProcessCounters b) => new(
        a.AllocatedBytes + b.AllocatedBytes, a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2,
        a.Cpu + b.Cpu, a.JitMethods + b.JitMethods, a.LockContentions + b.LockContentions,
        a.EfQueries + b.EfQueries, a.EfCacheMisses + b.EfCacheMisses);
}

/// <summary>One uninterrupted run of the load client against one endpoint: raw latencies in Stopwatch ticks.</summary>
internal sealed record PhaseSample(long[] LatencyTicks, int Errors, TimeSpan Elapsed, ProcessCounters Counters);

/// <summary>What a phase measured on one endpoint, over one or more samples (ABBA order splits a phase in two).</summary>
internal sealed record PhaseResult(int Requests, int Errors, TimeSpan Elapsed, double P50Ms, double P99Ms, ProcessCounters Counters)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
    public double AllocatedKBPerRequest => Counters.AllocatedBytes / 1024.0 / Math.Max(1, Requests);
    public double CpuMicrosecondsPerRequest => Counters.Cpu.TotalMicroseconds / Math.Max(1, Requests);

    public static PhaseResult Combine(params PhaseSample[] samples)
    {
        long[] ticks = [.. samples.SelectMany(s => s.LatencyTicks)];
        Array.Sort(ticks);
        return new(ticks.Length, samples.Sum(s => s.Errors), TimeSpan.FromTicks(samples.Sum(s => s.Elapsed.Ticks)),
            Percentile(ticks, 0.50), Percentile(ticks, 0.99), samples.Aggregate(default(ProcessCounters), (sum, s) => sum + s.Counters));
    }

    /// <summary>Nearest-rank percentile of sorted ticks, in milliseconds.</summary>
    private static double Percentile(long[] sorted, double p) => sorted.Length == 0
        ? double.NaN
        : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
}
