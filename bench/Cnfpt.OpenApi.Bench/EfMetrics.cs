using System.Diagnostics.Metrics;

namespace Cnfpt.OpenApi.Bench;

/// <summary>
/// EF Core's own totals (meter "Microsoft.EntityFrameworkCore"): queries run and compiled-query cache misses.
/// They are observable counters that EF keeps anyway; reading them at phase boundaries costs the hot path nothing.
/// A miss means EF translated a LINQ tree again: milliseconds of CPU that a cached query does not pay.
/// </summary>
internal static class EfMetrics
{
    private static readonly MeterListener Listener = new();
    private static readonly Dictionary<string, long> Totals = [];

    static EfMetrics()
    {
        Listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.EntityFrameworkCore")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        Listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Totals[instrument.Name] = value);
        Listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Totals[instrument.Name] = value);
        Listener.Start();
    }

    public static (long Queries, long CacheMisses) Now()
    {
        lock (Totals)
        {
            Listener.RecordObservableInstruments();
            return (Totals.GetValueOrDefault("microsoft.entityframeworkcore.queries"),
                Totals.GetValueOrDefault("microsoft.entityframeworkcore.compiled_query_cache_misses"));
        }
    }
}
