using System.Data.Common;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Cnfpt.OpenApi.Core.ELearning;

/// <summary>One line of a progress report from the learning platform: an agent's state in a module.</summary>
public sealed record ProgressLine(int AgentId, int ModuleId, ModuleProgressStatus? Status, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, int? TimeSpentMinutes, decimal? Score);

/// <summary>What a report did: lines inserted (first report of an agent in a module), updated, and ignored (a status regression).</summary>
public sealed record ProgressReportResult(int Received, int Inserted, int Updated, int Ignored);

/// <summary>
/// Progress reported in bulk by the learning platform (docs/elearning.md). A report is all or nothing: every line is
/// checked first (a problem names the first bad line, nothing is written), then the whole report is written by one
/// set-based upsert on PostgreSQL (<c>INSERT … SELECT FROM unnest(…) ON CONFLICT (agent_id, module_id) DO UPDATE</c>).
/// </summary>
/// <remarks>
/// Rules of the upsert: the status never goes back (Completed → Started, Started → NotStarted): such a line is
/// <b>ignored</b> and counted, because platforms re-send stale events out of order and one late event must not fail
/// a report of thousands; the first start and the first completion dates are kept; the time spent never decreases;
/// the score is the latest completed one. The same (agent, module) twice in one report is refused: its order would
/// decide the result.
/// </remarks>
public sealed class ProgressReporting(CnfptDbContext db, TimeProvider clock)
{
    public const int MaxLines = 5_000;

    public async Task<ProgressReportResult> ReportAsync(IReadOnlyList<ProgressLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var now = clock.GetUtcNow();
        Validate(lines, now);
        await CheckReferencesAsync(lines, cancellationToken);

        var rows = lines.Select(l => new Row(
            l.AgentId, l.ModuleId, l.Status!.Value,
            l.Status == ModuleProgressStatus.NotStarted ? null : (l.StartedAt ?? l.CompletedAt ?? now).ToUniversalTime(),
            l.Status == ModuleProgressStatus.Completed ? (l.CompletedAt ?? now).ToUniversalTime() : null,
            l.TimeSpentMinutes ?? 0, l.Score)).ToList();

        return db.Database.IsNpgsql() ? await UpsertNpgsqlAsync(rows, now, cancellationToken) : await UpsertTrackedAsync(rows, now, cancellationToken);
    }

    private static void Validate(IReadOnlyList<ProgressLine> lines, DateTimeOffset now)
    {
        if (lines.Count == 0 || lines.Count > MaxLines)
        {
            throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, $"lines holds 1 to {MaxLines} lines; split a larger report.", "lines");
        }

        var seen = new HashSet<(int, int)>();
        var latest = now.AddMinutes(5); // clock skew between the platform and the API
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i] ?? throw Bad(i, "", "a line is an object {agentId, moduleId, status, …}.");
            if (line.Status is null)
            {
                throw Bad(i, "status", "status is NotStarted, Started or Completed.");
            }

            if (line.TimeSpentMinutes is < 0 or > ModuleProgress.MaxTimeSpentMinutes)
            {
                throw Bad(i, "timeSpentMinutes", $"timeSpentMinutes is {line.TimeSpentMinutes}: it is 0 to {ModuleProgress.MaxTimeSpentMinutes}.");
            }

            if (line.Score is { } score && (score < 0 || score > 100))
            {
                throw Bad(i, "score", $"score is {score}: it is 0 to 100.");
            }

            if (line.Score is not null && line.Status != ModuleProgressStatus.Completed)
            {
                throw Bad(i, "score", "a score is reported with status Completed only.");
            }

            if (line.CompletedAt is not null && line.Status != ModuleProgressStatus.Completed)
            {
                throw Bad(i, "completedAt", "completedAt is reported with status Completed only.");
            }

            if (line.StartedAt > latest || line.CompletedAt > latest)
            {
                throw Bad(i, line.StartedAt > latest ? "startedAt" : "completedAt", "a date of progress cannot be in the future.");
            }

            if (line.StartedAt is { } started && line.CompletedAt is { } completed && completed < started)
            {
                throw Bad(i, "completedAt", "completedAt is before startedAt.");
            }

            if (!seen.Add((line.AgentId, line.ModuleId)))
            {
                throw Bad(i, "agentId", $"agent {line.AgentId} and module {line.ModuleId} appear twice in the report: send one line per agent and module.");
            }
        }
    }

    private static RuleViolationException Bad(int index, string field, string detail) =>
        new("validation-failed", RuleViolationKind.Invalid, $"lines[{index}]: {detail}", field.Length == 0 ? $"lines[{index}]" : $"lines[{index}].{field}");

    /// <summary>Unknown agents and modules, found with two set-based queries; the problem names the first line at fault.</summary>
    private async Task CheckReferencesAsync(IReadOnlyList<ProgressLine> lines, CancellationToken cancellationToken)
    {
        var agentIds = lines.Select(l => l.AgentId).Distinct().ToList();
        var knownAgents = (await db.Agents.Where(a => agentIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken)).ToHashSet();
        var moduleIds = lines.Select(l => l.ModuleId).Distinct().ToList();
        var knownModules = (await db.ElearningModules.Where(m => moduleIds.Contains(m.Id)).Select(m => m.Id).ToListAsync(cancellationToken)).ToHashSet();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!knownAgents.Contains(lines[i].AgentId))
            {
                var others = lines.Count(l => !knownAgents.Contains(l.AgentId)) - 1;
                throw new RuleViolationException("agent-not-found", RuleViolationKind.Unprocessable,
                    $"lines[{i}]: no agent {lines[i].AgentId}" + (others > 0 ? $" (and {others} other line(s) with an unknown agent)." : "."), $"lines[{i}].agentId");
            }

            if (!knownModules.Contains(lines[i].ModuleId))
            {
                throw new RuleViolationException("module-not-found", RuleViolationKind.Unprocessable, $"lines[{i}]: no e-learning module {lines[i].ModuleId}.", $"lines[{i}].moduleId");
            }
        }
    }

    private sealed record Row(int AgentId, int ModuleId, ModuleProgressStatus Status, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, int TimeSpentMinutes, decimal? Score);

    private static readonly string UpsertSql = $"""
        INSERT INTO elearning_progress (agent_id, collectivite_id, module_id, status, started_at, completed_at, time_spent_minutes, score, last_reported_at)
        SELECT l.agent_id, a.collectivite_id, l.module_id, l.status, l.started_at, l.completed_at, l.time_spent_minutes, l.score, @now
        FROM unnest(@agents, @modules, @statuses, @started, @completed, @times, @scores)
             AS l(agent_id, module_id, status, started_at, completed_at, time_spent_minutes, score)
        JOIN agents a ON a.id = l.agent_id
        ON CONFLICT (agent_id, module_id) DO UPDATE SET
            status = excluded.status,
            started_at = COALESCE(elearning_progress.started_at, excluded.started_at),
            completed_at = CASE WHEN excluded.status = 'Completed' THEN COALESCE(elearning_progress.completed_at, excluded.completed_at) END,
            time_spent_minutes = GREATEST(elearning_progress.time_spent_minutes, excluded.time_spent_minutes),
            score = excluded.score,
            last_reported_at = excluded.last_reported_at
        WHERE {Rank("excluded")} >= {Rank("elearning_progress")}
        RETURNING (xmax = 0) AS inserted
        """;

    /// <summary>The order of statuses in SQL: a line whose rank is below the stored one is a regression, ignored.</summary>
    private static string Rank(string table) => $"CASE {table}.status WHEN 'Completed' THEN 2 WHEN 'Started' THEN 1 ELSE 0 END";

    private async Task<ProgressReportResult> UpsertNpgsqlAsync(List<Row> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var command = new NpgsqlCommand(UpsertSql, connection)
            {
                Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            };
            command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
            command.Parameters.Add(new NpgsqlParameter("agents", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.AgentId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("modules", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.ModuleId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("statuses", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rows.Select(r => r.Status.ToString()).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("started", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.StartedAt?.UtcDateTime).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("completed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.CompletedAt?.UtcDateTime).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("times", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.TimeSpentMinutes).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("scores", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = rows.Select(r => r.Score).ToArray() });
            int inserted = 0, updated = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.GetBoolean(0))
                    {
                        inserted++;
                    }
                    else
                    {
                        updated++;
                    }
                }
            }

            return new ProgressReportResult(rows.Count, inserted, updated, rows.Count - inserted - updated);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The sandbox's SQLite: the same rules applied to tracked rows, in one transaction.</summary>
    private async Task<ProgressReportResult> UpsertTrackedAsync(List<Row> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var agentIds = rows.Select(r => r.AgentId).Distinct().ToList();
        var existing = (await db.ElearningProgress.Where(p => agentIds.Contains(p.AgentId)).ToListAsync(cancellationToken)).ToDictionary(p => (p.AgentId, p.ModuleId));
        var collectivites = await db.Agents.Where(a => agentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.CollectiviteId, cancellationToken);
        int inserted = 0, updated = 0;
        foreach (var row in rows)
        {
            if (!existing.TryGetValue((row.AgentId, row.ModuleId), out var progress))
            {
                db.ElearningProgress.Add(new ModuleProgress
                {
                    AgentId = row.AgentId, CollectiviteId = collectivites[row.AgentId], ModuleId = row.ModuleId, Status = row.Status, StartedAt = row.StartedAt,
                    CompletedAt = row.CompletedAt, TimeSpentMinutes = row.TimeSpentMinutes, Score = row.Score, LastReportedAt = now,
                });
                inserted++;
            }
            else if (row.Status >= progress.Status)
            {
                progress.Status = row.Status;
                progress.StartedAt ??= row.StartedAt;
                progress.CompletedAt = row.Status == ModuleProgressStatus.Completed ? progress.CompletedAt ?? row.CompletedAt : null;
                progress.TimeSpentMinutes = Math.Max(progress.TimeSpentMinutes, row.TimeSpentMinutes);
                progress.Score = row.Score;
                progress.LastReportedAt = now;
                updated++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ProgressReportResult(rows.Count, inserted, updated, rows.Count - inserted - updated);
    }
}
