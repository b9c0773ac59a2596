using System.Globalization;
using System.Text.Json;

namespace Cnfpt.OpenApi.Api.Tests.ELearning;

/// <summary>
/// The rollout and completion figures recomputed in SQL written here, apart from the API's statement (EXISTS and
/// FILTER per agent instead of its cells × modules grouping), and compared with what the API answered.
/// </summary>
internal static class IndependentFigures
{
    /// <summary>An agent started when one of the programme's modules is started; completed when no module of the programme lacks a completion.</summary>
    private const string PerCollectiviteSql = """
        SELECT t.collectivite_id,
               count(*) AS targeted,
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM elearning_progress p JOIN programme_modules pm ON pm.module_id = p.module_id AND pm.programme_id = t.programme_id
                   WHERE p.agent_id = t.agent_id AND p.status IN ('Started', 'Completed'))) AS started,
               count(*) FILTER (WHERE NOT EXISTS (
                   SELECT 1 FROM programme_modules pm WHERE pm.programme_id = t.programme_id AND NOT EXISTS (
                       SELECT 1 FROM elearning_progress p WHERE p.agent_id = t.agent_id AND p.module_id = pm.module_id AND p.status = 'Completed'))) AS completed
        FROM programme_targets t
        WHERE t.programme_id = @programme AND (cardinality(@tenant::int[]) = 0 OR t.collectivite_id = ANY(@tenant::int[]))
        GROUP BY ROLLUP (t.collectivite_id)
        """;

    private const string PerModuleSql = """
        WITH t AS (SELECT agent_id FROM programme_targets WHERE programme_id = @programme AND (cardinality(@tenant::int[]) = 0 OR collectivite_id = ANY(@tenant::int[])))
        SELECT pm.module_id,
               (SELECT count(*) FROM t) AS targeted,
               (SELECT count(*) FROM elearning_progress p WHERE p.module_id = pm.module_id AND p.status <> 'NotStarted' AND p.agent_id IN (SELECT agent_id FROM t)) AS started,
               (SELECT count(*) FROM elearning_progress p WHERE p.module_id = pm.module_id AND p.status = 'Completed' AND p.agent_id IN (SELECT agent_id FROM t)) AS completed,
               (SELECT avg(time_spent_minutes) FROM elearning_progress p WHERE p.module_id = pm.module_id AND p.status = 'Completed' AND p.agent_id IN (SELECT agent_id FROM t)) AS average_time,
               (SELECT avg(score) FROM elearning_progress p WHERE p.module_id = pm.module_id AND p.status = 'Completed' AND p.agent_id IN (SELECT agent_id FROM t)) AS average_score
        FROM programme_modules pm WHERE pm.programme_id = @programme
        """;

    /// <summary>Asserts every figure of a Rollout answer; returns the total targeted.</summary>
    public static async Task<long> AssertRolloutAsync(ELearningFixture fixture, JsonElement rollout, int programmeId, params int[] tenant)
    {
        var perCollectivite = await fixture.QueryAsync(PerCollectiviteSql, ("programme", programmeId), ("tenant", tenant));
        var total = perCollectivite.Single(r => r["collectivite_id"] is null);
        AssertFigures(total, rollout.GetProperty("total"), "total");
        var collectivites = perCollectivite.Where(r => r["collectivite_id"] is not null).ToDictionary(r => (int)r["collectivite_id"]!);
        Assert.Equal(collectivites.Count, rollout.GetProperty("collectivitesCount").GetInt32());
        var listed = rollout.GetProperty("collectivites").EnumerateArray().ToList();
        Assert.Equal(Math.Min(100, collectivites.Count), listed.Count);
        // The most targeted first: the listed ones are the top of the SQL's ranking.
        var expectedOrder = collectivites.Values.OrderByDescending(r => (long)r["targeted"]!).ThenBy(r => (int)r["collectivite_id"]!).Take(100).Select(r => (int)r["collectivite_id"]!).ToList();
        Assert.Equal(expectedOrder, listed.Select(c => c.GetProperty("collectiviteId").GetInt32()).ToList());
        foreach (var c in listed)
        {
            AssertFigures(collectivites[c.GetProperty("collectiviteId").GetInt32()], c.GetProperty("figures"), $"collectivité {c.GetProperty("collectiviteId")}");
        }

        var modules = (await fixture.QueryAsync(PerModuleSql, ("programme", programmeId), ("tenant", tenant))).ToDictionary(r => (int)r["module_id"]!);
        var answered = rollout.GetProperty("modules").EnumerateArray().ToList();
        Assert.Equal(modules.Count, answered.Count);
        Assert.Equal(modules.Count, rollout.GetProperty("moduleCount").GetInt32());
        foreach (var m in answered)
        {
            var expected = modules[m.GetProperty("moduleId").GetInt32()];
            AssertFigures(expected, m.GetProperty("figures"), $"module {m.GetProperty("moduleId")}");
            AssertAverage(expected["average_time"], m.GetProperty("averageTimeSpentMinutes"));
            AssertAverage(expected["average_score"], m.GetProperty("averageScore"));
        }

        return (long)total["targeted"]!;
    }

    /// <summary>Asserts a collectivité's ELearningCompletion answer against the progress rows.</summary>
    public static async Task AssertCompletionAsync(ELearningFixture fixture, JsonElement completion, int collectivite)
    {
        var rows = (await fixture.QueryAsync(
            """
            SELECT module_id, count(*) FILTER (WHERE status <> 'NotStarted') AS started, count(*) FILTER (WHERE status = 'Completed') AS completed,
                   avg(time_spent_minutes) FILTER (WHERE status = 'Completed') AS average_time, avg(score) FILTER (WHERE status = 'Completed') AS average_score
            FROM elearning_progress WHERE collectivite_id = @c
            GROUP BY module_id HAVING count(*) FILTER (WHERE status <> 'NotStarted') > 0
            """, ("c", collectivite))).ToDictionary(r => (int)r["module_id"]!);
        var lines = completion.GetProperty("value").EnumerateArray().ToList();
        Assert.NotEmpty(lines);
        Assert.Equal(rows.Keys.Order(), lines.Select(l => l.GetProperty("moduleId").GetInt32()).Order());
        foreach (var line in lines)
        {
            var expected = rows[line.GetProperty("moduleId").GetInt32()];
            var started = (long)expected["started"]!;
            var completed = (long)expected["completed"]!;
            Assert.Equal(started, line.GetProperty("agentsStarted").GetInt64());
            Assert.Equal(completed, line.GetProperty("agentsCompleted").GetInt64());
            Assert.Equal((double)completed / started, line.GetProperty("completionRate").GetDouble(), 4);
            AssertAverage(expected["average_time"], line.GetProperty("averageTimeSpentMinutes"));
            AssertAverage(expected["average_score"], line.GetProperty("averageScore"));
        }
    }

    private static void AssertFigures(Dictionary<string, object?> expected, JsonElement figures, string what)
    {
        var targeted = (long)expected["targeted"]!;
        var completed = (long)expected["completed"]!;
        Assert.True(targeted == figures.GetProperty("targeted").GetInt64(), $"{what}: targeted {targeted} in SQL, {figures}");
        Assert.True((long)expected["started"]! == figures.GetProperty("started").GetInt64(), $"{what}: started {expected["started"]} in SQL, {figures}");
        Assert.True(completed == figures.GetProperty("completed").GetInt64(), $"{what}: completed {completed} in SQL, {figures}");
        Assert.Equal(targeted == 0 ? 0 : (double)completed / targeted, figures.GetProperty("completionRate").GetDouble(), 4);
    }

    private static void AssertAverage(object? expected, JsonElement actual)
    {
        if (expected is null)
        {
            Assert.Equal(JsonValueKind.Null, actual.ValueKind);
            return;
        }

        Assert.Equal(Convert.ToDouble(expected, CultureInfo.InvariantCulture), actual.GetDouble(), 0.051);
    }
}
