using System.Net;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.ELearning;

/// <summary>A collectivité sees its own agents' progress and tutor requests, never another's.</summary>
[Collection(ELearningCollection.Name)]
public sealed class TenantTests(ELearningFixture fixture)
{
    [Fact]
    public async Task ACollectivite_SeesAllOfItsProgress_AndNoneOfAnothers()
    {
        using var a = await fixture.ClientAsync(ELearningFixture.ItA);
        var own = await a.GetJsonAsync("/v1/ModuleProgress?$count=true&$top=1");
        Assert.Equal(await fixture.ScalarAsync("SELECT count(*) FROM elearning_progress WHERE collectivite_id = @c", ("c", ELearningFixture.A)), own.GetProperty("@odata.count").GetInt64());
        var others = await a.GetJsonAsync($"/v1/ModuleProgress?$count=true&$filter=collectiviteId ne {ELearningFixture.A}");
        Assert.Equal(0, others.GetProperty("@odata.count").GetInt64());

        var ofB = await fixture.ScalarAsync("SELECT min(id) FROM elearning_progress WHERE collectivite_id = @c", ("c", ELearningFixture.B));
        await a.GetJsonAsync($"/v1/ModuleProgress({ofB})", HttpStatusCode.NotFound);
        await a.GetJsonAsync($"/v1/Collectivites({ELearningFixture.B})/ELearningCompletion()", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TutorRequests_AreAskedForOnesOwnAgents_SeenOnlyByTheirCollectivite_AndAnsweredByTheTutor()
    {
        using var a = await fixture.ClientAsync(ELearningFixture.ItA);
        using var b = await fixture.ClientAsync(ELearningFixture.ItB);
        using var tutor = await fixture.ClientAsync(ELearningFixture.Platform);
        var agentOfA = (int)(await fixture.QueryAsync("SELECT min(id) AS id FROM agents WHERE collectivite_id = @c", ("c", ELearningFixture.A)))[0]["id"]!;

        var (created, body) = await ELearningFixture.PostAsync(a, "/v1/TutorRequests",
            new { agentId = agentOfA, moduleId = 1, message = "Faut-il un registre des traitements pour le fichier des abonnés de la médiathèque ?" }, Guid.NewGuid().ToString());
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var id = ELearningFixture.Parse(body).GetProperty("id").GetInt32();
        Assert.Equal(ELearningFixture.A, ELearningFixture.Parse(body).GetProperty("collectiviteId").GetInt32());

        var seenByB = await b.GetJsonAsync("/v1/TutorRequests?$top=1000");
        Assert.DoesNotContain(seenByB.Values(), r => r.GetProperty("id").GetInt32() == id);
        Assert.All(seenByB.Values(), r => Assert.Equal(ELearningFixture.B, r.GetProperty("collectiviteId").GetInt32()));
        await b.GetJsonAsync($"/v1/TutorRequests({id})", HttpStatusCode.NotFound);
        var (closedByB, _) = await ELearningFixture.PostAsync(b, $"/v1/TutorRequests({id})/Close", new { });
        await closedByB.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var (askedByB, _) = await ELearningFixture.PostAsync(b, "/v1/TutorRequests", new { agentId = agentOfA, moduleId = 1, message = "?" });
        var problem = await askedByB.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "agent-not-found");
        Assert.True(problem.GetProperty("errors").TryGetProperty("agentId", out _));

        var (answered, answer) = await ELearningFixture.PostAsync(tutor, $"/v1/TutorRequests({id})/Answer", new { answer = "Oui : tout traitement de données personnelles figure au registre." });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, answer);
        var read = await a.GetJsonAsync($"/v1/TutorRequests({id})");
        Assert.Equal("Answered", read.GetProperty("status").GetString());
        Assert.StartsWith("Oui", read.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var (answeredByA, _) = await ELearningFixture.PostAsync(a, $"/v1/TutorRequests({id})/Answer", new { answer = "moi-même" });
        await answeredByA.AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }

    [Fact]
    public async Task AModuleWithoutTutor_RefusesTutorRequests()
    {
        using var a = await fixture.ClientAsync(ELearningFixture.ItA);
        var module = (int)(await fixture.QueryAsync("SELECT min(id) AS id FROM elearning_modules WHERE NOT tutor_available"))[0]["id"]!;
        var agentOfA = (int)(await fixture.QueryAsync("SELECT min(id) AS id FROM agents WHERE collectivite_id = @c", ("c", ELearningFixture.A)))[0]["id"]!;
        var before = await fixture.ScalarAsync("SELECT count(*) FROM tutor_requests");
        var (response, _) = await ELearningFixture.PostAsync(a, "/v1/TutorRequests", new { agentId = agentOfA, moduleId = module, message = "Bonjour" });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "tutor-not-available");
        Assert.Equal(before, await fixture.ScalarAsync("SELECT count(*) FROM tutor_requests"));
    }
}
