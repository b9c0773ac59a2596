using System.Data.Common;
using System.Globalization;
using System.Text;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cnfpt.OpenApi.Core.ELearning;

/// <summary>Targeted agents against agents who started and completed, for a programme, one of its modules or one of its collectivités.</summary>
public sealed record RolloutFigures(int Targeted, int Started, int Completed, double CompletionRate);

/// <summary>A module of the programme: its targeted agents, who started and completed it, the average time and score of those who completed it.</summary>
public sealed record RolloutModule(int ModuleId, string Code, string Title, RolloutFigures Figures, double? AverageTimeSpentMinutes, double? AverageScore);

/// <summary>A collectivité of the programme (an agent counts as started with one module started, as completed with every module completed).</summary>
public sealed record RolloutCollectivite(int CollectiviteId, string Name, RolloutFigures Figures);

/// <summary>The rollout view of a programme: totals, per module, and the collectivités with the most targeted agents.</summary>
public sealed record RolloutView(int ProgrammeId, string Name, int ModuleCount, RolloutFigures Total, IReadOnlyList<RolloutModule> Modules, int CollectivitesCount, IReadOnlyList<RolloutCollectivite> Collectivites);

/// <summary>
/// The rollout of a programme, computed by <b>one</b> set-based SQL statement whatever the number of agents: the
/// targets × the programme's modules, left-joined to the progress, grouped per module, per agent (then per
/// collectivité and in total). No agent row leaves the database; only one row per module, per collectivité
/// (the top <c>collectivites</c> by targeted agents) and the total come back. The same SQL runs on PostgreSQL and
/// on the sandbox's SQLite. Tenancy: a caller who is not unrestricted sees the targets of its own collectivités only.
/// </summary>
public static class Rollout
{
    public const int DefaultCollectivites = 100;

    /// <summary>
    /// Figures of one programme: <c>targeted</c> agents, <c>started</c> (status Started or Completed),
    /// <c>completed</c>; per module they count that module, per collectivité and in total an agent has started when
    /// one module is started and completed when all the programme's modules are.
    /// </summary>
    public const string Sql = """
        WITH modules AS (
            SELECT module_id FROM programme_modules WHERE programme_id = @programme
        ), targets AS (
            SELECT agent_id, collectivite_id FROM programme_targets WHERE programme_id = @programme /*tenant*/
        ), cells AS (
            SELECT t.agent_id, t.collectivite_id, m.module_id, p.status, p.time_spent_minutes, p.score
            FROM targets t CROSS JOIN modules m
            LEFT JOIN elearning_progress p ON p.agent_id = t.agent_id AND p.module_id = m.module_id
        ), per_agent AS (
            SELECT agent_id, collectivite_id,
                   SUM(CASE WHEN status IN ('Started', 'Completed') THEN 1 ELSE 0 END) AS started_modules,
                   SUM(CASE WHEN status = 'Completed' THEN 1 ELSE 0 END) AS completed_modules
            FROM cells GROUP BY agent_id, collectivite_id
        ), per_collectivite AS (
            SELECT collectivite_id, COUNT(*) AS targeted,
                   SUM(CASE WHEN started_modules > 0 THEN 1 ELSE 0 END) AS started,
                   SUM(CASE WHEN completed_modules = (SELECT COUNT(*) FROM modules) THEN 1 ELSE 0 END) AS completed
            FROM per_agent GROUP BY collectivite_id
        )
        SELECT 'M' AS kind, module_id AS id, COUNT(*) AS targeted,
               SUM(CASE WHEN status IN ('Started', 'Completed') THEN 1 ELSE 0 END) AS started,
               SUM(CASE WHEN status = 'Completed' THEN 1 ELSE 0 END) AS completed,
               AVG(CASE WHEN status = 'Completed' THEN time_spent_minutes END) AS average_time,
               AVG(CASE WHEN status = 'Completed' THEN score END) AS average_score
        FROM cells GROUP BY module_id
        UNION ALL
        SELECT 'C', collectivite_id, targeted, started, completed, NULL, NULL
        FROM (SELECT * FROM per_collectivite ORDER BY targeted DESC, collectivite_id LIMIT @top) AS top_collectivites
        UNION ALL
        SELECT 'T', (SELECT COUNT(*) FROM per_collectivite), COUNT(*),
               SUM(CASE WHEN started_modules > 0 THEN 1 ELSE 0 END),
               SUM(CASE WHEN completed_modules = (SELECT COUNT(*) FROM modules) THEN 1 ELSE 0 END), NULL, NULL
        FROM per_agent
        """;

    /// <summary>Runs <see cref="Sql"/> for a programme the caller may see; null when there is no such programme.</summary>
    public static async Task<RolloutView?> ComputeAsync(CnfptDbContext db, int programmeId, int topCollectivites = DefaultCollectivites, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var programme = await db.ElearningProgrammes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => new { p.Id, p.Name }).FirstOrDefaultAsync(cancellationToken);
        if (programme is null)
        {
            return null;
        }

        var sql = new StringBuilder(Sql);
        var tenant = db.Tenant;
        if (!tenant.Unrestricted)
        {
            // The caller's collectivités as literals: integers from the tenant scope, never client input.
            var ids = tenant.CollectiviteIds.Length == 0 ? "NULL" : string.Join(',', tenant.CollectiviteIds.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            sql.Replace("/*tenant*/", $"AND collectivite_id IN ({ids})");
        }

        var figures = new List<(string Kind, int Id, RolloutFigures Figures, double? Time, double? Score)>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql.ToString();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            Add(command, "programme", programmeId);
            Add(command, "top", topCollectivites);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var targeted = Int(reader, 2);
                var completed = Int(reader, 4);
                figures.Add((reader.GetString(0), Int(reader, 1), new RolloutFigures(targeted, Int(reader, 3), completed, Rate(completed, targeted)),
                    reader.IsDBNull(5) ? null : Math.Round(Convert.ToDouble(reader.GetValue(5), CultureInfo.InvariantCulture), 1),
                    reader.IsDBNull(6) ? null : Math.Round(Convert.ToDouble(reader.GetValue(6), CultureInfo.InvariantCulture), 1)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var moduleIds = figures.Where(f => f.Kind == "M").Select(f => f.Id).ToList();
        var modules = await db.ElearningModules.AsNoTracking().Where(m => moduleIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        var collectiviteIds = figures.Where(f => f.Kind == "C").Select(f => f.Id).ToList();
        var names = await db.Collectivites.AsNoTracking().Where(c => collectiviteIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var total = figures.SingleOrDefault(f => f.Kind == "T");
        return new RolloutView(
            programme.Id,
            programme.Name,
            await db.ProgrammeModules.CountAsync(m => m.ProgrammeId == programmeId, cancellationToken),
            total.Kind is null || total.Figures.Targeted == 0 ? new RolloutFigures(0, 0, 0, 0) : total.Figures,
            [.. figures.Where(f => f.Kind == "M").Select(f => new RolloutModule(f.Id, modules[f.Id].Code, modules[f.Id].Title, f.Figures, f.Time, f.Score)).OrderBy(m => m.Code, StringComparer.Ordinal)],
            total.Kind is null ? 0 : total.Id,
            [.. figures.Where(f => f.Kind == "C").Select(f => new RolloutCollectivite(f.Id, names.GetValueOrDefault(f.Id, ""), f.Figures))
                .OrderByDescending(c => c.Figures.Targeted).ThenBy(c => c.CollectiviteId)]);
    }

    /// <summary>Completed over targeted, 0 to 1, four decimals.</summary>
    public static double Rate(int completed, int targeted) => targeted == 0 ? 0 : Math.Round((double)completed / targeted, 4);

    private static int Int(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
