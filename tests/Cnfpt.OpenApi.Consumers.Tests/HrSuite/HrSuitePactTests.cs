using System.Net;
using Cnfpt.OpenApi.Pact;

namespace Cnfpt.OpenApi.Consumers.Tests.HrSuite;

/// <summary>
/// What an HR suite relies on (consumer ExampleHrSuite, the samples/HrSuiteIntegration scenario): agent
/// upsert, bulletin with Idempotency-Key, AR download, cancellation with If-Match, and the problems it handles.
/// Ids and ETags come from the provider's states (<see cref="Match.FromProviderState"/>): the pact holds no
/// row of any particular database.
/// </summary>
[Collection(HrSuitePact.Name)]
public sealed class HrSuitePactTests(PactRun run)
{
    public const string Consumer = "ExampleHrSuite";

    private static readonly Guid Key = Guid.Parse("6f1c2a57-3b8e-4d1a-9c55-0e2b7f4a9d10");

    private static Matcher JsonRequest => Match.Regex("application/json; charset=utf-8", "^application/json(;.*)?$");

    [Fact]
    public async Task AgentFromThePayrollFile_IsUpserted()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("an agent synchronised from the payroll file")
            .Given("the collectivité has no agent with this employer reference", new { employerReference = "PAIE-0042" })
            .WithRequest(HttpMethod.Post, "/v1/Agents/Upsert")
            .WithHeader("Content-Type", JsonRequest)
            .WithJsonBody(Agent(Match.FromProviderState("${collectiviteId}", 30)))
            .WillRespondWith(201)
            .WithHeader("Content-Type", Api.JsonContentType)
            .WithHeader("ETag", Api.ETag(1))
            .WithJsonBody(new Dictionary<string, object>
            {
                ["@odata.context"] = Api.Context("Agents/$entity"),
                ["id"] = Match.Integer(2001),
                ["collectiviteId"] = Match.Integer(30),
                ["employerReference"] = "PAIE-0042",
                ["lastName"] = "Martin",
                ["category"] = "B",
                ["appointmentDate"] = Match.Date("2021-03-01"),
                ["updatedAt"] = Match.IsoDateTime("2026-11-23T08:32:48.9904872Z"),
                ["version"] = Match.Integer(1),
            });

        await pact.VerifyAsync(async uri =>
        {
            using var http = new HttpClient { BaseAddress = uri };
            var (agent, etag) = await new HrSuite(http).UpsertAgentAsync(Agent(30));

            Assert.Equal((2001, "\"1\""), (agent.GetProperty("id").GetInt32(), etag));
        });
    }

    [Fact]
    public async Task Bulletin_IsSubmittedWithAnIdempotencyKey_AndComesBackWithItsETag()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("a bulletin submitted with an idempotency key")
            .Given("an agent of the collectivité and a session with free seats", new { seats = 10 })
            .WithRequest(HttpMethod.Post, "/v1/Enrolments")
            .WithHeader("Content-Type", JsonRequest)
            .WithHeader("Idempotency-Key", Match.Uuid(Key.ToString()))
            .WithJsonBody(new
            {
                agentId = Match.FromProviderState("${agentId}", 101),
                sessionId = Match.FromProviderState("${sessionId}", 202),
                motive = "Prise de poste",
            })
            .WillRespondWith(201)
            .WithHeader("Content-Type", Api.JsonContentType)
            .WithHeader("ETag", Api.ETag(2))
            .WithHeader("Location", Match.Regex("http://localhost/v1/Enrolments(11281)", "^https?://[^/]+/v1/Enrolments\\(\\d+\\)$"))
            .WithJsonBody(new Dictionary<string, object>
            {
                ["@odata.context"] = Api.Context("Enrolments/$entity"),
                ["id"] = Match.Integer(11281),
                ["agentId"] = Match.Integer(101),
                ["sessionId"] = Match.Integer(202),
                // A seat was free: accepted at once (the AR is issued in the same transaction).
                ["status"] = "Accepted",
                ["submittedAt"] = Match.IsoDateTime("2026-11-23T08:32:15.6663343Z"),
                ["version"] = Match.Integer(2),
            });

        await pact.VerifyAsync(async uri =>
        {
            using var http = new HttpClient { BaseAddress = uri };
            var (enrolment, etag) = await new HrSuite(http).SubmitAsync(101, 202, "Prise de poste", Key);

            Assert.Equal(("Accepted", "\"2\""), (enrolment.GetProperty("status").GetString(), etag));
        });
    }

    [Fact]
    public async Task Acknowledgement_IsDownloadedAsAPdf()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the AR of an enrolment as a PDF")
            .Given("an accepted enrolment")
            .WithRequest(HttpMethod.Get, Match.FromProviderState("/v1/Enrolments(${enrolmentId})/Acknowledgement", "/v1/Enrolments(11281)/Acknowledgement", "^/v1/Enrolments\\(\\d+\\)/Acknowledgement$"))
            .WithHeader("Accept", "application/pdf")
            .WillRespondWith(200)
            .WithHeader("Content-Type", "application/pdf")
            .WithHeader("Content-Disposition", Match.Regex("attachment; filename=AR-2026-011281.pdf; filename*=UTF-8''AR-2026-011281.pdf", "^attachment; filename=AR-\\d{4}-\\d+\\.pdf(;.*)?$"));

        await pact.VerifyAsync(async uri =>
        {
            using var http = new HttpClient { BaseAddress = uri };
            var (_, fileName) = await new HrSuite(http).AcknowledgementPdfAsync(11281);

            Assert.Equal("AR-2026-011281.pdf", fileName);
        });
    }

    [Fact]
    public async Task Cancellation_SendsTheETagLastRead()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the cancellation of an accepted enrolment with its ETag")
            .Given("an accepted enrolment")
            .WithRequest(HttpMethod.Post, Match.FromProviderState("/v1/Enrolments(${enrolmentId})/Cancel", "/v1/Enrolments(11281)/Cancel", "^/v1/Enrolments\\(\\d+\\)/Cancel$"))
            .WithHeader("Content-Type", JsonRequest)
            .WithHeader("If-Match", Match.FromProviderState("${etag}", "\"2\"", "^\"\\d+\"$"))
            .WithJsonBody(new { reason = "Changement de poste" })
            .WillRespondWith(200)
            .WithHeader("Content-Type", Api.JsonContentType)
            .WithHeader("ETag", Api.ETag(3))
            .WithJsonBody(new Dictionary<string, object>
            {
                ["id"] = Match.Integer(11281),
                ["status"] = "Cancelled",
                ["cancellationReason"] = "Changement de poste",
                ["version"] = Match.Integer(3),
            });

        await pact.VerifyAsync(async uri =>
        {
            using var http = new HttpClient { BaseAddress = uri };
            var cancelled = await new HrSuite(http).CancelAsync(11281, "\"2\"", "Changement de poste");

            Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        });
    }

    /// <summary>Another user changed the enrolment since the suite read it: the suite must read it again.</summary>
    [Fact]
    public async Task Cancellation_WithAStaleETag_IsAPreconditionFailedProblem()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("a cancellation with an ETag older than the enrolment")
            .Given("an accepted enrolment")
            .WithRequest(HttpMethod.Post, Match.FromProviderState("/v1/Enrolments(${enrolmentId})/Cancel", "/v1/Enrolments(11281)/Cancel", "^/v1/Enrolments\\(\\d+\\)/Cancel$"))
            .WithHeader("Content-Type", JsonRequest)
            .WithHeader("If-Match", "\"1\"")
            .WithJsonBody(new { reason = "Changement de poste" })
            .WillRespondWith(412)
            .WithHeader("Content-Type", Api.ProblemContentType)
            .WithJsonBody(Api.Problem(412, "precondition-failed"));

        await pact.VerifyAsync(async uri =>
        {
            using var http = new HttpClient { BaseAddress = uri };
            var stale = await Assert.ThrowsAsync<ProblemException>(() => new HrSuite(http).CancelAsync(11281, "\"1\"", "Changement de poste"));

            Assert.Equal((HttpStatusCode.PreconditionFailed, "precondition-failed"), (stale.Status, stale.Code));
        });
    }

    [Fact]
    public async Task BulletinForAnUnknownSession_AndAnUnknownEnrolment_AreProblems()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("a bulletin for a session that does not exist")
            .Given("an agent of the collectivité and a session with free seats", new { seats = 10 })
            .WithRequest(HttpMethod.Post, "/v1/Enrolments")
            .WithHeader("Content-Type", JsonRequest)
            .WithHeader("Idempotency-Key", Match.Uuid("0b7e5f7c-2f0e-4a8e-b1d3-6a3c1e9f2d44"))
            .WithJsonBody(new { agentId = Match.FromProviderState("${agentId}", 101), sessionId = int.MaxValue, motive = "Prise de poste" })
            .WillRespondWith(422)
            .WithHeader("Content-Type", Api.ProblemContentType)
            .WithJsonBody(Api.Problem(422, "session-not-found"));
        pact.UponReceiving("an enrolment that does not exist")
            .WithRequest(HttpMethod.Get, $"/v1/Enrolments({int.MaxValue})")
            .WillRespondWith(404)
            .WithHeader("Content-Type", Api.ProblemContentType)
            .WithJsonBody(Api.Problem(404, "not-found"));

        await pact.VerifyAsync(async uri =>
        {
            using var http = new HttpClient { BaseAddress = uri };
            var suite = new HrSuite(http);

            var unknownSession = await Assert.ThrowsAsync<ProblemException>(() => suite.SubmitAsync(101, int.MaxValue, "Prise de poste", Guid.Parse("0b7e5f7c-2f0e-4a8e-b1d3-6a3c1e9f2d44")));
            var unknownEnrolment = await Assert.ThrowsAsync<ProblemException>(() => suite.EnrolmentAsync(int.MaxValue));

            Assert.Equal((HttpStatusCode.UnprocessableEntity, "session-not-found"), (unknownSession.Status, unknownSession.Code));
            Assert.Equal((HttpStatusCode.NotFound, "not-found"), (unknownEnrolment.Status, unknownEnrolment.Code));
        });
    }

    private static object Agent(object collectiviteId) => new
    {
        collectiviteId,
        employerReference = "PAIE-0042",
        lastName = "Martin",
        firstName = "Léa",
        category = "B",
        status = "Titulaire",
        cadreEmplois = "Rédacteur territorial",
        appointmentDate = "2021-03-01",
    };
}

/// <summary>All of ExampleHrSuite's tests share one <see cref="PactRun"/>, which publishes its pact when they are done.</summary>
[CollectionDefinition(Name)]
public sealed class HrSuitePact : ICollectionFixture<PactRun>
{
    public const string Name = "ExampleHrSuite pact";
}
