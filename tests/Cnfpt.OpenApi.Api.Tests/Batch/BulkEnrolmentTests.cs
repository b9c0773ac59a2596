using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cnfpt.OpenApi.Api.Tests.Enrolments;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Batch;

/// <summary>
/// The set-based fast path of <c>$batch</c> for enrolments (docs/batch.md): each inner request answers exactly
/// what it would answer sent alone, and the database ends up with exactly the same rows; concurrency neither
/// overbooks nor duplicates; a replayed batch writes nothing.
/// </summary>
[Collection(EnrolmentCollection.Name)]
public sealed partial class BulkEnrolmentTests(EnrolmentFixture fixture)
{
    private static readonly Uri EnrolmentsUri = new("/v1/Enrolments", UriKind.Relative);
    private const int UnknownId = 987_654_321;
    private static readonly int[] AllKindsOfAnswer = [201, 400, 409, 422];

    [Fact]
    public async Task HundredRequestsWithBadRows_AnswerAndWriteExactlyAsSingleRequests()
    {
        var viaBatch = await NewWorldAsync();
        var alone = await NewWorldAsync();
        using var client = await fixture.ClientAsync(EnrolmentFixture.Vendor);
        fixture.Api.Sql.Clear();

        var batchAnswers = await SendBatchAsync(client, viaBatch.Requests);
        var batchStatements = fixture.Api.Sql.Commands.Count;
        var singleAnswers = new List<Answer>();
        foreach (var request in alone.Requests)
        {
            singleAnswers.Add(await SendAloneAsync(client, request));
        }

        // The batch went through the fast path: a handful of statements for 100 bulletins, not ~10 apiece.
        Assert.True(batchStatements < 60, $"{batchStatements} statements for the batch");
        Assert.Contains(fixture.Api.Sql.Commands, c => c.Contains("generate_series", StringComparison.Ordinal));
        // Every kind of answer is there (so the comparison covers them), then each is the same, row by row.
        var statuses = batchAnswers.Select(a => a.Status).ToList();
        Assert.Equal(AllKindsOfAnswer, statuses.Distinct().Order());
        Assert.Contains(batchAnswers, a => a.Body.Contains("\"Waitlisted\"", StringComparison.Ordinal));
        var expected = await NormaliseAsync(alone, singleAnswers);
        // A request sent alone gets the API's own headers too (rate limits, security): compared are those of the answer.
        var actual = await NormaliseAsync(viaBatch, [.. batchAnswers.Select(a => a with { Headers = "" })]);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i] == actual[i], $"request {i}:\n alone {expected[i]}\n batch {actual[i]}");
        }

        Assert.Equal(await RowsAsync(alone), await RowsAsync(viaBatch));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")] // the SDK's version
    public async Task HundredRequestsWithBadRows_AnswerEveryHeaderAndByteAsThePerRequestBatchPath(string version)
    {
        var fast = await NewWorldAsync(version);
        var perRequest = await NewWorldAsync(version);
        using var client = await fixture.ClientAsync(EnrolmentFixture.Vendor);
        await using var withoutFastPath = fixture.Api.WithWebHostBuilder(b => b.UseSetting("Batch:BulkEnrolments", "false"));
        using var slowClient = withoutFastPath.CreateClient();
        slowClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await Security.SecurityFixture.TokenAsync(slowClient, EnrolmentFixture.Vendor, secret: EnrolmentFixture.SecurityFixtureSecret));

        fixture.Api.Sql.Clear();
        var fastAnswers = await SendBatchAsync(client, fast.Requests, version);
        Assert.Contains(fixture.Api.Sql.Commands, c => c.Contains("generate_series", StringComparison.Ordinal)); // the fast path ran
        var slowAnswers = await SendBatchAsync(slowClient, perRequest.Requests, version);
        Assert.Contains(fastAnswers, a => a.Status == 201 && a.Location!.Contains($"/{version}/Enrolments(", StringComparison.Ordinal));

        var expected = await NormaliseAsync(perRequest, slowAnswers);
        var actual = await NormaliseAsync(fast, fastAnswers);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i] == actual[i], $"request {i}:\n per request {expected[i]}\n fast path   {actual[i]}");
        }

        Assert.Equal(await RowsAsync(perRequest), await RowsAsync(fast));
    }

    [Fact]
    public async Task TwoBatchesRacingForTheLastSeats_NeverOverbook()
    {
        var session = await fixture.NewSessionAsync(capacity: 30);
        var agents = await fixture.NewAgentsAsync(40);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var answers = await Task.WhenAll(
            SendBatchAsync(client, agents.Take(20).Select(a => Enrol(a.Id, session.Id, Key()))),
            SendBatchAsync(client, agents.Skip(20).Select(a => Enrol(a.Id, session.Id, Key()))));

        Assert.All(answers.SelectMany(a => a), a => Assert.Equal(201, a.Status));
        await using var db = fixture.NewDbContext();
        var statuses = await db.Database
            .SqlQuery<string>($"SELECT status AS \"Value\" FROM enrolments WHERE session_id = {session.Id}")
            .ToListAsync();
        var seats = await db.Database
            .SqlQuery<int>($"SELECT seats_taken AS \"Value\" FROM sessions WHERE id = {session.Id}")
            .SingleAsync();
        Assert.Equal(40, statuses.Count);
        Assert.Equal(30, statuses.Count(s => s == "Accepted"));
        Assert.Equal(10, statuses.Count(s => s == "Waitlisted"));
        Assert.Equal(30, seats);
        // Waitlisted in arrival order: within each batch, no accepted bulletin came after a waitlisted one.
        foreach (var batch in answers)
        {
            var order = batch.Select(a => JsonNode.Parse(a.Body)!["status"]!.GetValue<string>()).ToList();
            Assert.Equal(order.OrderBy(s => s == "Waitlisted"), order);
        }
    }

    [Fact]
    public async Task TwoBatchesOfTheSameBulletins_SentConcurrently_CreateEachEnrolmentOnce()
    {
        var session = await fixture.NewSessionAsync(capacity: 100);
        var agents = await fixture.NewAgentsAsync(20);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var answers = await Task.WhenAll(
            SendBatchAsync(client, agents.Select(a => Enrol(a.Id, session.Id))),
            SendBatchAsync(client, agents.Select(a => Enrol(a.Id, session.Id))));

        // Each bulletin is created by one batch; the other answers already-enrolled.
        for (var i = 0; i < agents.Count; i++)
        {
            Assert.Equal([201, 409], new[] { answers[0][i].Status, answers[1][i].Status }.Order());
        }

        await using var db = fixture.NewDbContext();
        var duplicates = await db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM (SELECT agent_id FROM enrolments WHERE session_id = {session.Id} GROUP BY agent_id HAVING count(*) > 1) d")
            .SingleAsync();
        Assert.Equal(0, duplicates);
        Assert.Equal(20, await db.Enrolments.CountAsync(e => e.SessionId == session.Id));
        Assert.Equal(20, (await db.Sessions.SingleAsync(s => s.Id == session.Id)).SeatsTaken);
    }

    [Fact]
    public async Task WholeBatchSentAgain_IsReplayed_AndWritesNothing()
    {
        var session = await fixture.NewSessionAsync(capacity: 80);
        var agents = await fixture.NewAgentsAsync(100);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);
        var requests = agents.Select(a => Enrol(a.Id, session.Id, Key())).ToList();

        var first = await SendBatchAsync(client, requests);
        var before = await CountsAsync(session.Id);
        var second = await SendBatchAsync(client, requests);

        Assert.Equal(await CountsAsync(session.Id), before);
        Assert.Equal((100L, 300L, 100L, 80), (before.Enrolments, before.Events, before.Acknowledgements, before.Seats));
        Assert.All(first, a => Assert.Null(a.Replayed));
        Assert.All(second, a => Assert.Equal("true", a.Replayed));
        Assert.Equal(first.Select(a => (a.Status, a.Body, a.ETag, a.Location)), second.Select(a => (a.Status, a.Body, a.ETag, a.Location)));
    }

    [Fact]
    public async Task PaperCollectivitesArs_GoToTodaysPrintBatch()
    {
        int paper, digital;
        await using (var db = fixture.NewDbContext())
        {
            paper = await db.Collectivites.Where(c => c.ExchangePreference == ExchangePreference.Paper).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            digital = await db.Collectivites.Where(c => c.ExchangePreference == ExchangePreference.Digital).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }

        var session = await fixture.NewSessionAsync(capacity: 10);
        var agents = (await fixture.NewAgentsAsync(2, collectivite: paper)).Concat(await fixture.NewAgentsAsync(2, collectivite: digital)).ToList();
        using var client = await fixture.ClientAsync(EnrolmentFixture.BackOffice);

        var answers = await SendBatchAsync(client, agents.Select(a => Enrol(a.Id, session.Id)));

        Assert.All(answers, a => Assert.Equal(201, a.Status));
        await using var after = fixture.NewDbContext();
        var acks = await after.Acknowledgements.Where(a => a.Enrolment!.SessionId == session.Id).ToListAsync();
        var today = await after.Database
            .SqlQuery<int>($"SELECT id AS \"Value\" FROM print_batches WHERE day = (now() AT TIME ZONE 'Europe/Paris')::date AND sent_at IS NULL")
            .ToListAsync();
        Assert.All(acks.Where(a => a.CollectiviteId == paper), a => Assert.Equal(today.Single(), a.PrintBatchId));
        Assert.All(acks.Where(a => a.CollectiviteId == digital), a => Assert.Null(a.PrintBatchId));
        Assert.Equal(4, acks.Count);
    }

    /// <summary>
    /// Agents and sessions for one run of the 100 requests: a big session, a small one (3 seats: the rest
    /// waitlisted), one overlapping the big one, one cancelled; an agent already enrolled; an agent of
    /// another collectivité.
    /// </summary>
    private async Task<World> NewWorldAsync(string version = "v1")
    {
        var agents = await fixture.NewAgentsAsync(95);
        var foreign = (await fixture.NewAgentsAsync(1, collectivite: EnrolmentFixture.OtherCollectivite))[0];
        var big = await fixture.NewSessionAsync(capacity: 200, startsInDays: 40, lengthDays: 3);
        var small = await fixture.NewSessionAsync(capacity: 3, startsInDays: 50);
        var overlapping = await fixture.NewSessionAsync(capacity: 10, startsInDays: 41);
        var cancelled = await fixture.NewSessionAsync(capacity: 10, startsInDays: 60, status: SessionStatus.Cancelled);
        using (var client = await fixture.ClientAsync(EnrolmentFixture.Vendor))
        {
            var (response, _) = await EnrolmentFixture.EnrolAsync(client, agents[94].Id, big.Id);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var requests = new List<JsonObject>();
        for (var i = 0; i < 60; i++)
        {
            requests.Add(Enrol(agents[i].Id, big.Id, Key()));
        }

        for (var i = 60; i < 70; i++)
        {
            requests.Add(Enrol(agents[i].Id, small.Id, Key()));
        }

        requests.Add(Enrol(UnknownId, big.Id, Key()));                            // 70 unknown agent
        requests.Add(Enrol(foreign.Id, big.Id, Key()));                           // 71 another collectivité's agent
        requests.Add(Enrol(agents[0].Id, big.Id, Key()));                         // 72 duplicate of row 0
        requests.Add(Enrol(agents[94].Id, big.Id, Key()));                        // 73 enrolled before the batch
        requests.Add(Enrol(agents[1].Id, overlapping.Id, Key()));                 // 74 overlaps row 1
        requests.Add(Enrol(agents[70].Id, cancelled.Id, Key()));                  // 75 session not open
        requests.Add(Enrol(agents[71].Id, UnknownId, Key()));                     // 76 unknown session
        requests.Add(Enrol(agents[72].Id, big.Id, Key(), motive: "  "));          // 77 blank motive
        var invalid = Enrol(agents[73].Id, big.Id, Key());                         // 78 not a bulletin at all
        invalid["body"]!["agentId"] = "not a number";
        requests.Add(invalid);
        requests.Add(Enrol(agents[74].Id, big.Id, Key(), comment: new string('x', 2001))); // 79 comment too long
        var explicitKind = Enrol(agents[75].Id, big.Id, Key(), comment: "  Demandé par le service RH\nà l'attention de « Mme Durand » <RH> & co  ");
        explicitKind["body"]!["obligationKind"] = nameof(ObligationKind.ProfessionnalisationPriseDePoste);
        requests.Add(explicitKind);                                               // 80 every field given
        requests.Add(Enrol(agents[76].Id, big.Id, Key(), motive: "Programme \"Cap 2027\" \\ module 1/3 : l'été, « tutorat » <groupe A&B> + 50 % ~ `x` €")); // 81 texts to escape
        for (var i = 77; i < 94; i++)
        {
            requests.Add(Enrol(agents[i].Id, big.Id, Key()));
        }

        requests.Add(Enrol(agents[2].Id, small.Id));                              // 99 no Idempotency-Key; overlaps nothing
        Assert.Equal(100, requests.Count);
        foreach (var request in requests)
        {
            request["url"] = $"/{version}/Enrolments";
        }

        return new World([.. agents.Select(a => a.Id)], foreign.Id, [big.Id, small.Id, overlapping.Id, cancelled.Id], requests);
    }

    private sealed record World(List<int> Agents, int Foreign, List<int> Sessions, List<JsonObject> Requests);

    private sealed record Answer(int Status, string Body, string? ETag, string? Location, string? ContentType, string? Replayed, string Headers = "");

    private static JsonObject Enrol(int agentId, int sessionId, string? key = null, string motive = "Déploiement du programme", string? comment = null)
    {
        var headers = new JsonObject { ["content-type"] = "application/json" };
        if (key is not null)
        {
            headers["Idempotency-Key"] = key;
        }

        var body = new JsonObject { ["agentId"] = agentId, ["sessionId"] = sessionId, ["motive"] = motive };
        if (comment is not null)
        {
            body["comment"] = comment;
        }

        return new JsonObject { ["method"] = "POST", ["url"] = "/v1/Enrolments", ["headers"] = headers, ["body"] = body };
    }

    private static string Key() => $"bulk-{Guid.NewGuid():N}";

    private static async Task<List<Answer>> SendBatchAsync(HttpClient client, IEnumerable<JsonObject> requests, string version = "v1")
    {
        var payload = new JsonObject { ["requests"] = new JsonArray([.. requests.Select((r, i) => { var copy = r.DeepClone().AsObject(); copy["id"] = $"r{i}"; return copy; })]) };
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri($"/{version}/$batch", UriKind.Relative)) { Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json") };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return [.. JsonNode.Parse(text)!["responses"]!.AsArray().Select(r => new Answer(
            r!["status"]!.GetValue<int>(), r["body"]?.ToJsonString() ?? "",
            Header(r, "ETag"), Header(r, "Location"), Header(r, "Content-Type"), Header(r, "Idempotent-Replayed"),
            string.Join("; ", (r["headers"]?.AsObject() ?? []).Select(h => $"{h.Key.ToUpperInvariant()}={h.Value}").Order(StringComparer.Ordinal))))];
    }

    private static async Task<Answer> SendAloneAsync(HttpClient client, JsonObject request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, EnrolmentsUri)
        {
            Content = new StringContent(request["body"]!.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (request["headers"]!["Idempotency-Key"]?.GetValue<string>() is { } key)
        {
            message.Headers.Add("Idempotency-Key", key);
        }

        using var response = await client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        return new Answer((int)response.StatusCode, body.Length == 0 ? "" : JsonNode.Parse(body)!.ToJsonString(),
            response.Headers.ETag?.ToString(), response.Headers.Location?.ToString(), response.Content.Headers.ContentType?.ToString(), null);
    }

    private static string? Header(JsonNode answer, string name) =>
        answer["headers"]?.AsObject().FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();

    /// <summary>Answers with the world's ids as names (A3, S1, E17), timestamps and trace ids blanked.</summary>
    private async Task<List<string>> NormaliseAsync(World world, List<Answer> answers)
    {
        var names = await NamesAsync(world);
        return [.. answers.Select(a => Rename(names, $"{a.Status} etag={a.ETag} location={a.Location} type={a.ContentType} headers={a.Headers} {a.Body}"))];
    }

    private async Task<Names> NamesAsync(World world)
    {
        await using var db = fixture.NewDbContext();
        var enrolments = await db.Enrolments.Where(e => world.Sessions.Contains(e.SessionId)).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync();
        return new Names(
            world.Agents.Select((id, i) => (Id: id, Name: $"A{i}")).Append((Id: world.Foreign, Name: "F")).ToDictionary(x => x.Id, x => x.Name),
            world.Sessions.Select((id, i) => (Id: id, Name: $"S{i}")).ToDictionary(x => x.Id, x => x.Name),
            enrolments.Select((id, i) => (Id: id, Name: $"E{i}")).ToDictionary(x => x.Id, x => x.Name));
    }

    private sealed record Names(Dictionary<int, string> Agents, Dictionary<int, string> Sessions, Dictionary<int, string> Enrolments);

    private static string Rename(Names names, string text)
    {
        text = Timestamp().Replace(text, "T");
        text = TraceId().Replace(text, "");
        text = Ids().Replace(text, m =>
        {
            var id = int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture);
            var map = m.Groups["kind"].Value.ToUpperInvariant() switch
            {
                "\"AGENTID\":" or "AGENT " => names.Agents,
                "\"SESSIONID\":" or "SESSION " => names.Sessions,
                _ => names.Enrolments,
            };
            return m.Groups["kind"].Value + (map.TryGetValue(id, out var name) ? name : m.Groups["id"].Value);
        });
        return text;
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:\d\d)")]
    private static partial Regex Timestamp();

    [GeneratedRegex("\"traceId\":\"[^\"]*\",?")]
    private static partial Regex TraceId();

    [GeneratedRegex(@"(?<kind>""agentId"":|""sessionId"":|""id"":|[Aa]gent |[Ss]ession |enrolment |Enrolments\()(?<id>\d+)")]
    private static partial Regex Ids();

    /// <summary>The world's rows, read in SQL, with its ids as names: bulletins, events, ARs, seats, stored answers.</summary>
    private async Task<List<string>> RowsAsync(World world)
    {
        var names = await NamesAsync(world);
        var sessions = world.Sessions.ToArray();
        await using var db = fixture.NewDbContext();
        var rows = new List<string>();
        rows.AddRange(await db.Database.SqlQuery<string>($"""
            SELECT concat_ws(' | ', 'enrolment', '"id":' || id, '"agentId":' || agent_id, '"sessionId":' || session_id, collectivite_id, status, motive,
                   obligation_kind, coalesce(comment, '-'), submitted_by, waitlisted_at IS NOT NULL, waitlisted_at = submitted_at, updated_at = submitted_at,
                   coalesce(cancellation_reason, '-'), version) AS "Value"
            FROM enrolments WHERE session_id = ANY({sessions}) ORDER BY id
            """).ToListAsync());
        rows.AddRange(await db.Database.SqlQuery<string>($"""
            SELECT concat_ws(' | ', 'event', 'enrolment ' || v.enrolment_id, coalesce(v.from_status, '-'), v.to_status, v.actor, coalesce(v.reason, '-'), v.occurred_at = e.submitted_at) AS "Value"
            FROM enrolment_events v JOIN enrolments e ON e.id = v.enrolment_id WHERE e.session_id = ANY({sessions}) ORDER BY v.enrolment_id, v.id
            """).ToListAsync());
        rows.AddRange(await db.Database.SqlQuery<string>($"""
            SELECT concat_ws(' | ', 'ar', 'enrolment ' || a.enrolment_id, a.number = 'AR-' || extract(year FROM a.issued_at AT TIME ZONE 'UTC')::int || '-' || lpad(a.enrolment_id::text, 6, '0'),
                   a.collectivite_id, a.print_batch_id IS NOT NULL, a.issued_at = e.submitted_at,
                   regexp_replace(a.content, '"employerReference":"[^"]*"', '')) AS "Value"
            FROM acknowledgements a JOIN enrolments e ON e.id = a.enrolment_id WHERE e.session_id = ANY({sessions}) ORDER BY a.enrolment_id
            """).ToListAsync());
        rows.AddRange(await db.Database.SqlQuery<string>($"""
            SELECT concat_ws(' | ', 'session', 'session ' || id, capacity, seats_taken, status) AS "Value" FROM sessions WHERE id = ANY({sessions}) ORDER BY id
            """).ToListAsync());
        var keys = world.Requests.Select(r => r["headers"]!["Idempotency-Key"]?.GetValue<string>()).OfType<string>().ToArray();
        rows.AddRange(await db.Database.SqlQuery<string>($"""
            SELECT concat_ws(' | ', 'answer', array_position({keys}, key), status_code, content_type, convert_from(response_body, 'UTF8'), response_headers,
                   completed_at IS NOT NULL, expires_at - created_at) AS "Value"
            FROM idempotency_records WHERE key = ANY({keys}) ORDER BY array_position({keys}, key)
            """).ToListAsync());
        return [.. rows.Select(r => Rename(names, r.Replace("\"agent\":{\"id\":", "\"agentId\":", StringComparison.Ordinal).Replace("\"session\":{\"id\":", "\"sessionId\":", StringComparison.Ordinal)))];
    }

    private async Task<(long Enrolments, long Events, long Acknowledgements, int Seats, long Answers)> CountsAsync(int sessionId)
    {
        await using var db = fixture.NewDbContext();
        return (
            await db.Enrolments.LongCountAsync(e => e.SessionId == sessionId),
            await db.EnrolmentEvents.LongCountAsync(e => e.Enrolment!.SessionId == sessionId),
            await db.Acknowledgements.LongCountAsync(a => a.Enrolment!.SessionId == sessionId),
            (await db.Sessions.SingleAsync(s => s.Id == sessionId)).SeatsTaken,
            await db.IdempotencyRecords.LongCountAsync());
    }
}
