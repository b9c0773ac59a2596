using System.Diagnostics;
using System.Globalization;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Api.Tests.ELearning;

/// <summary>
/// A 33 000-agent programme, generated set-based in SQL (agents, targets, progress in three modules), whose rollout
/// view must match SQL written here. The time is printed, never asserted (bench/ measures it).
/// </summary>
[Collection(ELearningCollection.Name)]
public sealed class RolloutScaleTests(ELearningFixture fixture, ITestOutputHelper output)
{
    public const int Agents = 33_000;

    [Fact]
    public async Task ARolloutOf33000Agents_MatchesSql()
    {
        var collectivites = await fixture.ScalarAsync("SELECT count(*) FROM collectivites");
        Assert.True(collectivites >= 40, $"{collectivites} collectivités");
        var generate = Stopwatch.StartNew();
        var programme = await GenerateAsync(fixture, "scale33k");
        generate.Stop();
        Assert.Equal(Agents, await fixture.ScalarAsync("SELECT count(*) FROM programme_targets WHERE programme_id = @p", ("p", programme)));

        using var platform = await fixture.ClientAsync(ELearningFixture.Platform);
        await platform.GetJsonAsync($"/v1/ELearningProgrammes({programme})/Rollout()"); // warm-up: JIT, plan
        var timings = new List<double>();
        System.Text.Json.JsonElement rollout = default;
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            rollout = await platform.GetJsonAsync($"/v1/ELearningProgrammes({programme})/Rollout()");
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }

        Assert.Equal(Agents, await IndependentFigures.AssertRolloutAsync(fixture, rollout, programme));
        var total = rollout.GetProperty("total");
        Assert.InRange(total.GetProperty("started").GetInt32(), 1, Agents - 1);
        Assert.InRange(total.GetProperty("completed").GetInt32(), 1, Agents - 1);

        using var it = await fixture.ClientAsync(ELearningFixture.ItA);
        var watchA = Stopwatch.StartNew();
        var ownPart = await it.GetJsonAsync($"/v1/ELearningProgrammes({programme})/Rollout()");
        var timeA = watchA.Elapsed.TotalMilliseconds;
        await IndependentFigures.AssertRolloutAsync(fixture, ownPart, programme, ELearningFixture.A);

        timings.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rollout of {Agents} agents × 3 modules ({total.GetProperty("started")} started, {total.GetProperty("completed")} completed, {rollout.GetProperty("collectivitesCount")} collectivités): " +
            $"generated in {generate.ElapsedMilliseconds} ms; GET Rollout() back office median {timings[2]:F0} ms (min {timings[0]:F0}, max {timings[4]:F0}); collectivité 1's part {timeA:F0} ms"));
    }

    /// <summary>Agents, a programme over three modules, its targets and a deterministic spread of progress, all by INSERT … SELECT.</summary>
    public static async Task<int> GenerateAsync(ELearningFixture fixture, string tag)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        await fixture.ExecuteAsync($"""
            INSERT INTO agents (collectivite_id, employer_reference, last_name, first_name, category, status, cadre_emplois, appointment_date, created_at, updated_at, version)
            SELECT c.id, '{tag}-' || g, 'Échelle', 'Agent ' || g, (ARRAY['A', 'B', 'C'])[1 + g % 3], 'Titulaire', 'Adjoint administratif territorial', DATE '2020-01-01', now(), now(), 1
            FROM generate_series(1, {Agents}) AS g
            JOIN LATERAL (SELECT id FROM collectivites ORDER BY id OFFSET (g * 7919) % (SELECT count(*) FROM collectivites) LIMIT 1) AS c ON true
            """);
        var programme = (int)(await fixture.QueryAsync(
            "INSERT INTO elearning_programmes (name, created_at, created_by, targeted_agents) VALUES (@name, now(), 'test', @n) RETURNING id",
            ("name", $"Programme {tag}"), ("n", Agents)))[0]["id"]!;
        await fixture.ExecuteAsync($"""
            INSERT INTO programme_modules (programme_id, module_id) VALUES ({programme}, 3), ({programme}, 4), ({programme}, 5);
            INSERT INTO programme_targets (programme_id, agent_id, collectivite_id)
            SELECT {programme}, id, collectivite_id FROM agents WHERE employer_reference LIKE '{tag}-%';
            INSERT INTO elearning_progress (agent_id, collectivite_id, module_id, status, started_at, completed_at, time_spent_minutes, score, last_reported_at)
            SELECT a.id, a.collectivite_id, m.id,
                   CASE WHEN h < 5 THEN 'Completed' WHEN h < 8 THEN 'Started' ELSE 'NotStarted' END,
                   CASE WHEN h < 8 THEN now() - interval '20 days' END,
                   CASE WHEN h < 5 THEN now() - interval '2 days' END,
                   CASE WHEN h < 5 THEN 30 + (a.id % 60) WHEN h < 8 THEN a.id % 30 ELSE 0 END,
                   CASE WHEN h < 5 THEN 40 + (a.id % 61) END,
                   now()
            FROM agents a CROSS JOIN (SELECT id FROM elearning_modules WHERE id IN (3, 4, 5)) AS m
            CROSS JOIN LATERAL (SELECT abs(hashtext(a.id::text || ':' || m.id::text)) % 11 AS h) AS x
            WHERE a.employer_reference LIKE '{tag}-%' AND h < 10;
            ANALYZE agents; ANALYZE programme_targets; ANALYZE elearning_progress;
            """);
        return programme;
    }
}
