using System.Net;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.ELearning;

/// <summary>Completion and rollout figures of the seeded campaign, and of a programme defined through the API, against SQL written here.</summary>
[Collection(ELearningCollection.Name)]
public sealed class FiguresTests(ELearningFixture fixture)
{
    [Fact]
    public async Task TheSeededCampaignsRollout_MatchesSql_ForTheBackOffice()
    {
        using var platform = await fixture.ClientAsync(ELearningFixture.Platform);
        var rollout = await platform.GetJsonAsync("/v2/ELearningProgrammes(1)/Rollout()");
        var targeted = await IndependentFigures.AssertRolloutAsync(fixture, rollout, 1);
        Assert.True(targeted > 500, $"the seeded campaign targets {targeted} agents");
        Assert.True(rollout.GetProperty("total").GetProperty("completed").GetInt32() > 0);
    }

    [Fact]
    public async Task ACollectivitesRollout_IsItsOwnPart_AndMatchesSql()
    {
        using var it = await fixture.ClientAsync(ELearningFixture.ItA);
        var rollout = await it.GetJsonAsync("/v1/ELearningProgrammes(1)/Rollout()");
        await IndependentFigures.AssertRolloutAsync(fixture, rollout, 1, ELearningFixture.A);
        Assert.Equal([ELearningFixture.A], rollout.GetProperty("collectivites").EnumerateArray().Select(c => c.GetProperty("collectiviteId").GetInt32()).ToArray());
    }

    [Fact]
    public async Task ACollectivitesCompletion_MatchesSql()
    {
        using var it = await fixture.ClientAsync(ELearningFixture.ItA);
        var completion = await it.GetJsonAsync($"/v1/Collectivites({ELearningFixture.A})/ELearningCompletion()");
        await IndependentFigures.AssertCompletionAsync(fixture, completion, ELearningFixture.A);
    }

    [Fact]
    public async Task AProgrammeDefinedThroughTheApi_TargetsTheAgentsTheSqlSelects_AndItsRolloutMatches()
    {
        using var platform = await fixture.ClientAsync(ELearningFixture.Platform);
        var named = (int)(await fixture.QueryAsync("SELECT id FROM agents WHERE collectivite_id = 5 AND category <> 'C' ORDER BY id LIMIT 1"))[0]["id"]!;
        var (response, body) = await ELearningFixture.PostAsync(platform, "/v1/ELearningProgrammes", new
        {
            name = "Accueil des publics — agents de catégorie C", moduleIds = new List<int> { 3, 4 }, collectiviteIds = new List<int> { 3, 4 }, categories = new List<string> { "C" }, agentIds = new List<int> { named },
            startsOn = "2026-12-01", endsOn = "2027-06-30",
        }, Guid.NewGuid().ToString());

        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var programme = ELearningFixture.Parse(body);
        var id = programme.GetProperty("id").GetInt32();
        var expected = await fixture.ScalarAsync("SELECT count(*) FROM agents WHERE (collectivite_id IN (3, 4) AND category = 'C') OR id = @named", ("named", named));
        Assert.Equal(expected, programme.GetProperty("targetedAgents").GetInt64());
        Assert.Equal(expected, await fixture.ScalarAsync("SELECT count(*) FROM programme_targets WHERE programme_id = @p", ("p", id)));
        var rollout = await platform.GetJsonAsync($"/v1/ELearningProgrammes({id})/Rollout()");
        Assert.Equal(expected, await IndependentFigures.AssertRolloutAsync(fixture, rollout, id));
    }

    [Fact]
    public async Task AProgrammeWithAnUnknownModule_IsAProblem_AndNothingIsWritten()
    {
        using var platform = await fixture.ClientAsync(ELearningFixture.Platform);
        var before = await fixture.ScalarAsync("SELECT count(*) FROM elearning_programmes");
        var (response, _) = await ELearningFixture.PostAsync(platform, "/v1/ELearningProgrammes", new { name = "X", moduleIds = new List<int> { 1, 9999 }, collectiviteIds = new List<int> { 3 } });
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "module-not-found");
        Assert.True(problem.GetProperty("errors").TryGetProperty("moduleIds", out _));
        Assert.Equal(before, await fixture.ScalarAsync("SELECT count(*) FROM elearning_programmes"));
    }

    [Fact]
    public async Task AnUnknownProgramme_Is404()
    {
        using var platform = await fixture.ClientAsync(ELearningFixture.Platform);
        using var response = await platform.GetAsync(new Uri("/v1/ELearningProgrammes(999999)/Rollout()", UriKind.Relative));
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
