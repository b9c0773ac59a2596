using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Cnfpt.OpenApi.Bench;

/// <summary>
/// The SQL each endpoint sends and what PostgreSQL spends on it: the part of a request that the process
/// counters cannot see. EF Core's command is captured through its DiagnosticListener while one request runs;
/// the subscription is then disposed, after which EF does no diagnostic work (no listener, nothing enabled).
/// </summary>
internal static class SqlProbe
{
    public sealed record Statement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

    public sealed record Timing(double MedianMs, string Plan);

    /// <summary>Runs <paramref name="request"/> until EF Core reports the SQL it executed for it.</summary>
    public static async Task<IReadOnlyList<Statement>> CaptureEfCommandsAsync(Func<Task> request)
    {
        var captured = new List<Statement>();
        var listener = new Observer<KeyValuePair<string, object?>>(e =>
        {
            if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData data)
            {
                lock (captured)
                {
                    captured.Add(new(data.Command.CommandText, [.. data.Command.Parameters.Cast<DbParameter>().Select(Copy)]));
                }
            }
        });
        var subscriptions = new List<IDisposable>();
        using (DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(source =>
        {
            if (source.Name == DbLoggerCategory.Name)
            {
                lock (subscriptions)
                {
                    subscriptions.Add(source.Subscribe(listener));
                }
            }
        })))
        {
            // EF Core caches "is anyone listening?" for a second (LoggingCacheTime): repeat until it notices.
            for (var attempt = 0; attempt < 20 && captured.Count == 0; attempt++)
            {
                await request();
                if (captured.Count == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250));
                }
            }
        }

        subscriptions.ForEach(s => s.Dispose());
        return captured;
    }

    /// <summary>Median planning + execution time over <paramref name="runs"/> EXPLAIN ANALYZE, and the plan's node chain.</summary>
    public static async Task<Timing> ExplainAsync(NpgsqlDataSource dataSource, Statement statement, int runs)
    {
        var times = new List<double>(runs);
        var plan = "";
        for (var i = 0; i < runs; i++)
        {
            await using var command = dataSource.CreateCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + statement.Sql);
            foreach (var parameter in statement.Parameters)
            {
                command.Parameters.Add(parameter.Clone());
            }

            using var result = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!);
            var root = result.RootElement[0];
            times.Add(root.GetProperty("Planning Time").GetDouble() + root.GetProperty("Execution Time").GetDouble());
            plan = Describe(root.GetProperty("Plan"));
        }

        times.Sort();
        return new(times[times.Count / 2], plan);
    }

    private static NpgsqlParameter Copy(DbParameter p) => new(p.ParameterName, p.Value) { DbType = p.DbType };

    /// <summary>"Limit > Nested Loop > Index Scan on sessions (pk_sessions) > …": node types in pre-order.</summary>
    private static string Describe(JsonElement node)
    {
        var text = node.GetProperty("Node Type").GetString()!;
        if (node.TryGetProperty("Relation Name", out var relation))
        {
            text += " on " + relation.GetString();
        }

        if (node.TryGetProperty("Index Name", out var index))
        {
            text += $" ({index.GetString()})";
        }

        return node.TryGetProperty("Plans", out var children)
            ? string.Join(" > ", [text, .. children.EnumerateArray().Select(Describe)])
            : text;
    }

    private sealed class Observer<T>(Action<T> onNext) : IObserver<T>
    {
        public void OnNext(T value) => onNext(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
