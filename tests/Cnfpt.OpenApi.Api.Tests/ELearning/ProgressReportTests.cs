using System.Net;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.ELearning;

/// <summary>The learning platform's bulk progress report: set-based, all or nothing, idempotent, never going back.</summary>
[Collection(ELearningCollection.Name)]
public sealed class ProgressReportTests(ELearningFixture fixture)
{
    private const string Report = "/v1/ModuleProgress/Report";

    /// <summary>Agents outside the seeded campaign (collectivités after 15); each test clears its own module for them first.</summary>
    private async Task<List<int>> AgentsAsync(int count, int skip = 0) =>
        [.. (await fixture.QueryAsync("SELECT id FROM agents WHERE collectivite_id > 15 ORDER BY id OFFSET @skip LIMIT @count", ("skip", skip), ("count", count)))
            .Select(r => (int)r["id"]!)];

    [Fact]
    public async Task ABulkReport_WritesEveryLine_AsTheSqlShows()
    {
        using var platform = await fixture.ClientAsync(ELearningFixture.Platform);
        var agents = await AgentsAsync(1_080);
        Assert.Equal(1_080, agents.Count);
        await fixture.ExecuteAsync($"DELETE FROM elearning_progress WHERE module_id = 11 AND agent_id IN ({string.Join(',', agents)})");
        var lines = agents.Select((id, i) => ((i % 3) switch
        {
            0 => new { agentId = id, moduleId = 11, status = "Completed", startedAt = "2026-10-01T08:00:00Z", completedAt = "2026-10-02T09:30:00Z", timeSpentMinutes = 40 + (i % 50), score = 50 + (i % 51) },
            1 => (object)new { agentId = id, moduleId = 11, status = "Started", timeSpentMinutes = i % 30 },
            _ => new { agentId = id, moduleId = 11, status = "NotStarted" },
        })).ToList();

        var (response, body) = await ELearningFixture.PostAsync(platform, Report, new { lines });

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var summary = ELearningFixture.Parse(body);
        Assert.Equal(1_080, summary.GetProperty("received").GetInt32());
        Assert.Equal(1_080, summary.GetProperty("inserted").GetInt32());
        var rows = await fixture.QueryAsync(
            $"""
            SELECT count(*) FILTER (WHERE p.status = 'Completed') AS completed, count(*) FILTER (WHERE p.status = 'Started') AS started,
                   count(*) FILTER (WHERE p.status = 'NotStarted') AS not_started, sum(p.time_spent_minutes) AS minutes, sum(p.score) AS scores,
                   count(*) FILTER (WHERE p.collectivite_id <> a.collectivite_id) AS wrong_tenant
            FROM elearning_progress p JOIN agents a ON a.id = p.agent_id
            WHERE p.module_id = 11 AND p.agent_id IN ({string.Join(',', agents)})
            """);
        Assert.Equal(360L, rows[0]["completed"]);
        Assert.Equal(360L, rows[0]["started"]);
        Assert.Equal(360L, rows[0]["not_started"]);
        Assert.Equal(0L, rows[0]["wrong_tenant"]);
        var expectedMinutes = Enumerable.Range(0, 1_080).Sum(i => (i % 3) switch { 0 => 40 + (i % 50), 1 => i % 30, _ => 0 });
        Assert.Equal((long)expectedMinutes, rows[0]["minutes"]);
        Assert.Equal((decimal)Enumerable.Range(0, 1_080).Where(i => i % 3 == 0).Sum(i => 50 + (i % 51)), rows[0]["scores"]);
    }

    public static TheoryData<string, HttpStatusCode, string, string> BadLines() => new()
    {
        { """{"agentId": 999999, "moduleId": 1, "status": "Started"}""", HttpStatusCode.UnprocessableEntity, "agent-not-found", "lines[2].agentId" },
        { """{"agentId": AGENT, "moduleId": 99999, "status": "Started"}""", HttpStatusCode.UnprocessableEntity, "module-not-found", "lines[2].moduleId" },
        { """{"agentId": AGENT, "moduleId": 1, "status": "Completed", "score": 101}""", HttpStatusCode.BadRequest, "validation-failed", "lines[2].score" },
        { """{"agentId": AGENT, "moduleId": 1, "status": "Completed", "score": -1}""", HttpStatusCode.BadRequest, "validation-failed", "lines[2].score" },
        { """{"agentId": AGENT, "moduleId": 1, "status": "Started", "score": 80}""", HttpStatusCode.BadRequest, "validation-failed", "lines[2].score" },
        { """{"agentId": AGENT, "moduleId": 1, "status": "Started", "timeSpentMinutes": -5}""", HttpStatusCode.BadRequest, "validation-failed", "lines[2].timeSpentMinutes" },
        { """{"agentId": AGENT, "moduleId": 1}""", HttpStatusCode.BadRequest, "validation-failed", "lines[2].status" },
        { """{"agentId": AGENT, "moduleId": 1, "status": "Started", "startedAt": "2099-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, "validation-failed", "lines[2].startedAt" },
        { """{"agentId": FIRST, "moduleId": 1, "status": "Started"}""", HttpStatusCode.BadRequest, "validation-failed", "lines[2].agentId" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task ABadLine_IsAProblemNamingIt_AndTheDatabaseIsUnchanged(string badLine, HttpStatusCode status, string code, string field)
    {
        using var platform = await fixture.ClientAsync(ELearningFixture.Platform);
        var agents = await AgentsAsync(3, skip: 10);
        var json = $$"""
            {"lines": [
              {"agentId": {{agents[0]}}, "moduleId": 1, "status": "Completed", "timeSpentMinutes": 55, "score": 90},
              {"agentId": {{agents[1]}}, "moduleId": 1, "status": "Started", "timeSpentMinutes": 10},
              {{badLine.Replace("AGENT", agents[2].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                      .Replace("FIRST", agents[0].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}}
            ]}
            """;
        var before = await SnapshotAsync();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await platform.PostAsync(new Uri(Report, UriKind.Relative), content);

        var problem = await response.AssertProblemAsync(status, code);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task TheSameIdempotencyKey_GivesTheSameAnswer_AndWritesOnce()
    {
        using var platform = await fixture.ClientAsync(ELearningFixture.Platform);
        var agents = await AgentsAsync(20, skip: 20);
        await fixture.ExecuteAsync($"DELETE FROM elearning_progress WHERE module_id = 10 AND agent_id IN ({string.Join(',', agents)})");
        var lines = agents.Select(id => new { agentId = id, moduleId = 10, status = "Started", timeSpentMinutes = 12 }).ToList();
        var key = Guid.NewGuid().ToString();

        var (first, firstBody) = await ELearningFixture.PostAsync(platform, Report, new { lines }, key);
        var afterFirst = await SnapshotAsync();
        var (second, secondBody) = await ELearningFixture.PostAsync(platform, Report, new { lines }, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(20, ELearningFixture.Parse(firstBody).GetProperty("inserted").GetInt32());
        Assert.True(second.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true");
        Assert.Equal(afterFirst, await SnapshotAsync());
        Assert.Equal(20L, await fixture.ScalarAsync($"SELECT count(*) FROM elearning_progress WHERE module_id = 10 AND agent_id IN ({string.Join(',', agents)})"));
    }

    [Fact]
    public async Task AStatusRegression_IsIgnored_AndCounted_WhileTheRestOfTheReportIsWritten()
    {
        using var platform = await fixture.ClientAsync(ELearningFixture.Platform);
        var agents = await AgentsAsync(2, skip: 40);
        await fixture.ExecuteAsync($"DELETE FROM elearning_progress WHERE module_id = 9 AND agent_id IN ({string.Join(',', agents)})");
        var (done, _) = await ELearningFixture.PostAsync(platform, Report, new
        {
            lines = new object[]
            {
                new { agentId = agents[0], moduleId = 9, status = "Completed", completedAt = "2026-11-02T10:00:00Z", timeSpentMinutes = 50, score = 75 },
                new { agentId = agents[1], moduleId = 9, status = "Started", timeSpentMinutes = 20 },
            },
        });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);

        var (late, body) = await ELearningFixture.PostAsync(platform, Report, new
        {
            lines = new object[]
            {
                new { agentId = agents[0], moduleId = 9, status = "Started", timeSpentMinutes = 5 }, // a stale event
                new { agentId = agents[1], moduleId = 9, status = "Completed", timeSpentMinutes = 45, score = 60.5 },
            },
        });

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var summary = ELearningFixture.Parse(body);
        Assert.Equal(1, summary.GetProperty("updated").GetInt32());
        Assert.Equal(1, summary.GetProperty("ignored").GetInt32());
        var rows = await fixture.QueryAsync($"SELECT agent_id, status, time_spent_minutes, score, completed_at FROM elearning_progress WHERE module_id = 9 AND agent_id IN ({agents[0]}, {agents[1]}) ORDER BY agent_id");
        Assert.Equal(("Completed", 50, 75m), ((string)rows[0]["status"]!, (int)rows[0]["time_spent_minutes"]!, (decimal)rows[0]["score"]!));
        Assert.Equal(("Completed", 45, 60.5m), ((string)rows[1]["status"]!, (int)rows[1]["time_spent_minutes"]!, (decimal)rows[1]["score"]!));
        Assert.NotNull(rows[1]["completed_at"]);
    }

    [Fact]
    public async Task OnlyTheBackOfficeScope_Reports()
    {
        using var it = await fixture.ClientAsync(ELearningFixture.ItA);
        var (response, _) = await ELearningFixture.PostAsync(it, Report, new { lines = new[] { new { agentId = 1, moduleId = 1, status = "Started" } } });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }

    /// <summary>Row count and a checksum of every progress row: any write changes it.</summary>
    private async Task<string> SnapshotAsync() =>
        string.Join('|', (await fixture.QueryAsync(
            "SELECT count(*) AS n, coalesce(sum(hashtext(agent_id || ':' || module_id || ':' || status || ':' || time_spent_minutes || ':' || coalesce(score::text, '-') || ':' || last_reported_at::text)), 0) AS h FROM elearning_progress"))[0].Values);
}
