using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cnfpt.OpenApi.Api.Tests.Enrolments;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Batch;

/// <summary>
/// <c>POST /v1/$batch</c> (JSON format): independent requests fail alone, an atomicity group is all or nothing,
/// every inner request is authorized and tenant-filtered as if sent alone, Idempotency-Keys hold inside.
/// </summary>
[Collection(EnrolmentCollection.Name)]
public sealed class BatchTests(EnrolmentFixture fixture)
{
    private static readonly Uri BatchUri = new("/v1/$batch", UriKind.Relative);

    [Fact]
    public async Task HundredIndependentEnrolments_AreAllCreated()
    {
        var session = await fixture.NewSessionAsync(capacity: 200);
        var agents = await fixture.NewAgentsAsync(100);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var (response, answers) = await SendAsync(client, agents.Select((a, i) => Enrol($"r{i}", a.Id, session.Id)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, answers.Count);
        Assert.All(answers, a => Assert.Equal(201, Status(a)));
        Assert.All(answers, a => Assert.Equal("Accepted", a["body"]!["status"]!.GetValue<string>()));
        await using var db = fixture.NewDbContext();
        Assert.Equal(100, await db.Enrolments.CountAsync(e => e.SessionId == session.Id));
        Assert.Equal(100, (await db.Sessions.SingleAsync(s => s.Id == session.Id)).SeatsTaken);
    }

    [Fact]
    public async Task OneInvalidAgent_OutsideAnAtomicityGroup_FailsAlone_AndTheOthersAreWritten()
    {
        var session = await fixture.NewSessionAsync(capacity: 10);
        var agents = await fixture.NewAgentsAsync(3);
        var foreign = await fixture.NewAgentsAsync(1, collectivite: EnrolmentFixture.OtherCollectivite);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var (_, answers) = await SendAsync(client,
        [
            Enrol("a", agents[0].Id, session.Id),
            Enrol("b", foreign[0].Id, session.Id),
            Enrol("c", agents[1].Id, session.Id),
            Enrol("d", agents[2].Id, session.Id),
        ]);

        Assert.Equal([201, 422, 201, 201], answers.Select(Status));
        var problem = ById(answers, "b")["body"]!;
        Assert.Equal("agent-not-found", problem["code"]!.GetValue<string>());
        Assert.NotNull(problem["traceId"]);
        await using var db = fixture.NewDbContext();
        Assert.Equal(3, await db.Enrolments.CountAsync(e => e.SessionId == session.Id));
    }

    [Fact]
    public async Task AtomicityGroup_WithOneInvalidEnrolment_WritesNothingOfTheGroup_AndSaysSo()
    {
        var session = await fixture.NewSessionAsync(capacity: 10);
        var agents = await fixture.NewAgentsAsync(4);
        var foreign = await fixture.NewAgentsAsync(1, collectivite: EnrolmentFixture.OtherCollectivite);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var (response, answers) = await SendAsync(client,
        [
            Enrol("alone", agents[3].Id, session.Id),
            Enrol("g1", agents[0].Id, session.Id, group: "g"),
            Enrol("g2", agents[1].Id, session.Id, group: "g"),
            Enrol("g3", foreign[0].Id, session.Id, group: "g"),
            Enrol("g4", agents[2].Id, session.Id, group: "g"),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(201, Status(ById(answers, "alone")));
        Assert.Equal(422, Status(ById(answers, "g3")));
        Assert.Equal("agent-not-found", ById(answers, "g3")["body"]!["code"]!.GetValue<string>());
        foreach (var id in new[] { "g1", "g2", "g4" })
        {
            Assert.Equal(424, Status(ById(answers, id)));
            Assert.Equal("batch-group-failed", ById(answers, id)["body"]!["code"]!.GetValue<string>());
        }

        await using var db = fixture.NewDbContext();
        var written = await db.Enrolments.Where(e => e.SessionId == session.Id).Select(e => e.AgentId).ToListAsync();
        Assert.Equal([agents[3].Id], written);
        Assert.Equal(1, (await db.Sessions.SingleAsync(s => s.Id == session.Id)).SeatsTaken);
        var ids = agents.Take(3).Select(a => a.Id).ToList();
        Assert.Equal(0, await db.EnrolmentEvents.CountAsync(e => ids.Contains(e.Enrolment!.AgentId)));
    }

    [Fact]
    public async Task AtomicityGroup_WhenEveryRequestSucceeds_IsCommittedWhole()
    {
        var session = await fixture.NewSessionAsync(capacity: 10);
        var agents = await fixture.NewAgentsAsync(3);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var (_, answers) = await SendAsync(client, agents.Select((a, i) => Enrol($"g{i}", a.Id, session.Id, group: "g")));

        Assert.All(answers, a => Assert.Equal(201, Status(a)));
        await using var db = fixture.NewDbContext();
        Assert.Equal(3, await db.Enrolments.CountAsync(e => e.SessionId == session.Id && e.Status == EnrolmentStatus.Accepted));
        Assert.Equal(3, await db.Acknowledgements.CountAsync(a => a.Enrolment!.SessionId == session.Id));
        Assert.Equal(3, (await db.Sessions.SingleAsync(s => s.Id == session.Id)).SeatsTaken);
    }

    [Fact]
    public async Task MoreThanAHundredRequests_AreRefused_WithoutWritingAnything()
    {
        var session = await fixture.NewSessionAsync(capacity: 200);
        var agents = await fixture.NewAgentsAsync(101);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        using var response = await PostBatchAsync(client, agents.Select((a, i) => Enrol($"r{i}", a.Id, session.Id)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("batch-too-large", problem["code"]!.GetValue<string>());
        await using var db = fixture.NewDbContext();
        Assert.Equal(0, await db.Enrolments.CountAsync(e => e.SessionId == session.Id));
    }

    [Fact]
    public async Task InnerRequestsOnAnotherTenantsEnrolment_Answer404()
    {
        var session = await fixture.NewSessionAsync(capacity: 10);
        var theirs = await fixture.NewAgentsAsync(1, collectivite: EnrolmentFixture.OtherCollectivite);
        using var other = await fixture.ClientAsync(EnrolmentFixture.OtherVendor);
        var (created, body) = await EnrolmentFixture.EnrolAsync(other, theirs[0].Id, session.Id);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var enrolmentId = body.GetProperty("id").GetInt32();
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var (_, answers) = await SendAsync(client,
        [
            new JsonObject { ["id"] = "read", ["method"] = "GET", ["url"] = $"/v1/Enrolments({enrolmentId})" },
            new JsonObject
            {
                ["id"] = "cancel", ["method"] = "POST", ["url"] = $"/v1/Enrolments({enrolmentId})/Cancel",
                ["headers"] = new JsonObject { ["content-type"] = "application/json" },
                ["body"] = new JsonObject { ["reason"] = "Mutation" },
            },
        ]);

        Assert.Equal([404, 404], answers.Select(Status));
        Assert.Equal("not-found", ById(answers, "read")["body"]!["code"]!.GetValue<string>());
        await using var db = fixture.NewDbContext();
        Assert.Equal(EnrolmentStatus.Accepted, (await db.Enrolments.SingleAsync(e => e.Id == enrolmentId)).Status);
    }

    [Fact]
    public async Task InnerWrites_NeedTheirOwnScope_LikeRequestsSentAlone()
    {
        var session = await fixture.NewSessionAsync(capacity: 10);
        var agents = await fixture.NewAgentsAsync(1);
        using var client = fixture.Api.CreateClient();
        var token = await Security.SecurityFixture.TokenAsync(client, EnrolmentFixture.It, "enrolments.read", EnrolmentFixture.SecurityFixtureSecret);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var (_, answers) = await SendAsync(client, [Enrol("w", agents[0].Id, session.Id)]);

        Assert.Equal(403, Status(answers[0]));
        Assert.Equal("insufficient-scope", answers[0]["body"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnonymousBatch_IsRefused()
    {
        using var client = fixture.Api.CreateClient();

        using var response = await PostBatchAsync(client, [new JsonObject { ["id"] = "1", ["method"] = "GET", ["url"] = "/v1/Courses" }]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SameBatchSentTwice_WithIdempotencyKeys_IsReplayed_WithoutDuplicates()
    {
        var session = await fixture.NewSessionAsync(capacity: 20);
        var agents = await fixture.NewAgentsAsync(5);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);
        var requests = agents.Select((a, i) => Enrol($"r{i}", a.Id, session.Id, key: $"batch-replay-{Guid.NewGuid():N}")).ToList();

        var (_, first) = await SendAsync(client, requests.Select(r => r.DeepClone()));
        var (_, second) = await SendAsync(client, requests.Select(r => r.DeepClone()));

        Assert.All(first, a => Assert.Equal(201, Status(a)));
        Assert.All(first, a => Assert.Null(a["headers"]?["idempotent-replayed"]));
        Assert.All(second, a => Assert.Equal(201, Status(a)));
        Assert.All(second, a => Assert.Equal("true", Header(a, "Idempotent-Replayed")));
        Assert.Equal(first.Select(a => a["body"]!["id"]!.GetValue<int>()), second.Select(a => a["body"]!["id"]!.GetValue<int>()));
        await using var db = fixture.NewDbContext();
        Assert.Equal(5, await db.Enrolments.CountAsync(e => e.SessionId == session.Id));
    }

    [Fact]
    public async Task RolledBackGroup_LeavesNoStoredAnswer_SoTheSameKeysRunAgain()
    {
        var session = await fixture.NewSessionAsync(capacity: 20);
        var agents = await fixture.NewAgentsAsync(3);
        var foreign = await fixture.NewAgentsAsync(1, collectivite: EnrolmentFixture.OtherCollectivite);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);
        var keys = Enumerable.Range(0, 3).Select(i => $"group-{i}-{Guid.NewGuid():N}").ToList();

        var (_, failed) = await SendAsync(client,
        [
            Enrol("g0", agents[0].Id, session.Id, group: "g", key: keys[0]),
            Enrol("g1", agents[1].Id, session.Id, group: "g", key: keys[1]),
            Enrol("g2", foreign[0].Id, session.Id, group: "g", key: keys[2]),
        ]);
        Assert.Equal([424, 424, 422], failed.Select(Status));
        await using (var db = fixture.NewDbContext())
        {
            Assert.Equal(0, await db.IdempotencyRecords.CountAsync(r => keys.Contains(r.Key)));
            Assert.Equal(0, await db.Enrolments.CountAsync(e => e.SessionId == session.Id));
        }

        // The client fixes the third request (a new key for a new request) and retries with the same first two keys.
        var (_, retried) = await SendAsync(client,
        [
            Enrol("g0", agents[0].Id, session.Id, group: "g", key: keys[0]),
            Enrol("g1", agents[1].Id, session.Id, group: "g", key: keys[1]),
            Enrol("g2", agents[2].Id, session.Id, group: "g", key: $"fixed-{Guid.NewGuid():N}"),
        ]);

        Assert.All(retried, a => Assert.Equal(201, Status(a)));
        Assert.All(retried, a => Assert.Null(Header(a, "Idempotent-Replayed")));
        await using var after = fixture.NewDbContext();
        Assert.Equal(3, await after.Enrolments.CountAsync(e => e.SessionId == session.Id));
        Assert.Equal(2, await after.IdempotencyRecords.CountAsync(r => keys.Contains(r.Key) && r.StatusCode == 201));
    }

    private static JsonObject Enrol(string id, int agentId, int sessionId, string? group = null, string? key = null)
    {
        var headers = new JsonObject { ["content-type"] = "application/json" };
        if (key is not null)
        {
            headers["Idempotency-Key"] = key;
        }

        var request = new JsonObject
        {
            ["id"] = id, ["method"] = "POST", ["url"] = "/v1/Enrolments", ["headers"] = headers,
            ["body"] = new JsonObject { ["agentId"] = agentId, ["sessionId"] = sessionId, ["motive"] = "Déploiement du programme" },
        };
        if (group is not null)
        {
            request["atomicityGroup"] = group;
        }

        return request;
    }

    private static async Task<HttpResponseMessage> PostBatchAsync(HttpClient client, IEnumerable<JsonNode> requests)
    {
        var payload = new JsonObject { ["requests"] = new JsonArray([.. requests]) };
        using var request = new HttpRequestMessage(HttpMethod.Post, BatchUri)
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request);
    }

    private static async Task<(HttpResponseMessage Response, List<JsonNode> Answers)> SendAsync(HttpClient client, IEnumerable<JsonNode> requests)
    {
        var response = await PostBatchAsync(client, requests);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (response, [.. JsonNode.Parse(text)!["responses"]!.AsArray().Select(r => r!)]);
    }

    private static int Status(JsonNode? answer) => answer!["status"]!.GetValue<int>();

    private static JsonNode ById(List<JsonNode> answers, string id) => answers.Single(a => a["id"]!.GetValue<string>() == id);

    private static string? Header(JsonNode answer, string name) =>
        answer["headers"]?.AsObject().FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();
}
