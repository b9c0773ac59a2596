using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Core.Statistics;

/// <summary>
/// Computes every published table from the base tables in SQL: one pass joins enrolments to their session,
/// course, theme, agent and collectivité into a temporary fact table (one row per enrolment, only the
/// dimensions), then one <c>GROUP BY</c> per table counts distinct agents and sums the measures. Nothing
/// agent-level comes back to the application, so the memory used does not grow with the enrolments
/// (13 M at national scale). Plain SQL that PostgreSQL and the sandbox's SQLite both run.
/// </summary>
internal static class StatisticsFacts
{
    public static async Task<Dictionary<CellKey, CellValues>> ComputeAsync(
        CnfptDbContext db, int communeMinPopulation, IDictionary<string, long> timings, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var year = postgres ? "CAST(EXTRACT(YEAR FROM s.start_date) AS integer)" : "CAST(strftime('%Y', s.start_date) AS INTEGER)";
        var population = communeMinPopulation.ToString(CultureInfo.InvariantCulture);
        var cells = new Dictionary<CellKey, CellValues>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            var stopwatch = Stopwatch.StartNew();
            if (postgres)
            {
                // COUNT(DISTINCT) sorts each group set: in memory rather than in temporary files when it fits.
                await ExecuteAsync(connection, "SET work_mem = '256MB'", cancellationToken);
            }

            await ExecuteAsync(connection, "DROP TABLE IF EXISTS statistics_facts", cancellationToken);
            await ExecuteAsync(connection, $"""
                CREATE TEMP TABLE statistics_facts AS
                SELECT {year} AS year, c.region_code AS region, c.departement_code AS departement,
                       CASE WHEN cm.population >= {population} THEN c.commune_code ELSE c.departement_code || '-AUTRES' END AS commune,
                       c.type AS ctype, c.strate AS strate, a.category AS category, d.code AS domain, t.code AS theme,
                       co.modality AS modality, co.funding AS funding, e.collectivite_id AS collectivite, e.agent_id AS agent, e.status AS status, co.duration_days AS days
                FROM enrolments e
                JOIN sessions s ON s.id = e.session_id
                JOIN courses co ON co.id = s.course_id
                JOIN themes t ON t.id = co.theme_id
                JOIN domains d ON d.id = t.domain_id
                JOIN agents a ON a.id = e.agent_id
                JOIN collectivites c ON c.id = e.collectivite_id
                LEFT JOIN communes cm ON cm.code = c.commune_code
                """, cancellationToken);
            timings["facts"] = stopwatch.ElapsedMilliseconds;

            foreach (var (table, dims) in StatisticsTables.Dimensions)
            {
                stopwatch.Restart();
                var columns = string.Concat(dims.Select(d => Column(d) + ", "));
                var groupBy = "year" + string.Concat(dims.Select(d => ", " + Column(d)));
                await using var command = connection.CreateCommand();
                command.CommandTimeout = 0;
                command.CommandText = $"""
                    SELECT year, {columns}
                           COUNT(DISTINCT agent),
                           COUNT(DISTINCT CASE WHEN status = 'Attended' THEN agent END),
                           COUNT(*),
                           SUM(CASE WHEN status = 'Attended' THEN 1 ELSE 0 END),
                           SUM(CASE WHEN status = 'Attended' THEN days ELSE 0 END),
                           SUM(CASE WHEN status = 'Absent' THEN 1 ELSE 0 END),
                           SUM(CASE WHEN status = 'Cancelled' THEN 1 ELSE 0 END),
                           SUM(CASE WHEN status = 'Refused' THEN 1 ELSE 0 END),
                           SUM(CASE WHEN status = 'Waitlisted' THEN 1 ELSE 0 END)
                    FROM statistics_facts
                    GROUP BY {groupBy}
                    """;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var values = new string?[Enum.GetValues<Dim>().Length];
                    for (var i = 0; i < dims.Length; i++)
                    {
                        values[(int)dims[i]] = reader.IsDBNull(1 + i) ? null : reader.GetString(1 + i);
                    }

                    var key = new CellKey(table, reader.GetInt32(0), values[(int)Dim.Region], values[(int)Dim.Departement], values[(int)Dim.Commune],
                        values[(int)Dim.Type], values[(int)Dim.Strate], values[(int)Dim.Category], values[(int)Dim.Domain], values[(int)Dim.Theme],
                        values[(int)Dim.Modality], values[(int)Dim.Funding]);
                    var at = 1 + dims.Length;
                    cells[key] = new CellValues(key)
                    {
                        AgentCount = Int(reader, at),
                        Trainees = Int(reader, at + 1),
                        Enrolments = Int(reader, at + 2),
                        Attended = Int(reader, at + 3),
                        TraineeDays = Convert.ToDecimal(reader.GetValue(at + 4), CultureInfo.InvariantCulture),
                        Absent = Int(reader, at + 5),
                        Cancelled = Int(reader, at + 6),
                        Refused = Int(reader, at + 7),
                        Waitlisted = Int(reader, at + 8),
                    };
                }

                timings[table] = stopwatch.ElapsedMilliseconds;
            }

            // The peer comparison's internal source (docs/bilan.md): per collectivité and year, and per theme.
            stopwatch.Restart();
            await ExecuteAsync(connection, "DELETE FROM collectivite_theme_days", cancellationToken);
            await ExecuteAsync(connection, "DELETE FROM collectivite_year_summaries", cancellationToken);
            await ExecuteAsync(connection, """
                INSERT INTO collectivite_year_summaries (year, collectivite_id, agents_trained, trainee_days, enrolments, attended, absences, cancellations)
                SELECT year, collectivite, COUNT(DISTINCT CASE WHEN status = 'Attended' THEN agent END),
                       SUM(CASE WHEN status = 'Attended' THEN days ELSE 0 END), COUNT(*),
                       SUM(CASE WHEN status = 'Attended' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'Absent' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN status = 'Cancelled' THEN 1 ELSE 0 END)
                FROM statistics_facts GROUP BY year, collectivite
                """, cancellationToken);
            await ExecuteAsync(connection, """
                INSERT INTO collectivite_theme_days (year, collectivite_id, theme_code, trainee_days)
                SELECT year, collectivite, theme, SUM(days) FROM statistics_facts WHERE status = 'Attended' GROUP BY year, collectivite, theme
                """, cancellationToken);
            timings["summaries"] = stopwatch.ElapsedMilliseconds;

            await ExecuteAsync(connection, "DROP TABLE statistics_facts", cancellationToken);
            if (postgres)
            {
                await ExecuteAsync(connection, "RESET work_mem", cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return cells;
    }

    private static string Column(Dim dim) => dim switch
    {
        Dim.Type => "ctype",
        _ => dim.ToString().ToLowerInvariant(),
    };

    private static int Int(DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
