using System.Net;
using System.Net.Http.Headers;
using Cnfpt.OpenApi.Pact;
using Cnfpt.OpenApi.Sdk;

namespace Cnfpt.OpenApi.Consumers.Tests.Sdk;

/// <summary>
/// What the SDK relies on (consumer Cnfpt.OpenApi.Sdk): the real <see cref="CnfptClient"/>, with its whole handler
/// pipeline (problems to exceptions, Idempotency-Keys, retries off), against the mock server. The SDK is generated
/// from the v2 contract and calls /v2 only (<see cref="CnfptClient.ApiVersion"/>).
/// </summary>
[Collection(SdkPact.Name)]
public sealed class SdkPactTests(PactRun run)
{
    public const string Consumer = "Cnfpt.OpenApi.Sdk";

    [Fact]
    public async Task Sessions_AreListedPageAfterPage_FollowingTheNextLinkAsWritten()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the SDK lists open sessions, first page")
            .Given("the catalogue is published")
            .WithRequest(HttpMethod.Get, "/v2/Sessions")
            .WithQuery("$filter", "(status eq 'OpenForEnrolment')")
            .WithQuery("$select", "id,startDate,seatsTaken,status")
            .WillRespondWith(200)
            .WithHeader("Content-Type", Api.JsonContentType)
            .WithJsonBody(new Dictionary<string, object>
            {
                ["@odata.nextLink"] = Match.MockServerUrl(
                    "http://localhost/v2/Sessions?$filter=%28status%20eq%20%27OpenForEnrolment%27%29&$select=id%2CstartDate%2CseatsTaken%2Cstatus&$skiptoken=id-329",
                    "/v2/Sessions\\?.*\\$skiptoken=id-\\d+"),
                ["value"] = Match.EachLike(new { id = Match.Integer(4), startDate = Match.Date("2027-01-11"), seatsTaken = Match.Integer(21), status = "OpenForEnrolment" }),
            });
        pact.UponReceiving("the SDK lists open sessions, next page")
            .Given("the catalogue is published")
            .WithRequest(HttpMethod.Get, "/v2/Sessions")
            .WithQuery("$filter", "(status eq 'OpenForEnrolment')")
            .WithQuery("$select", "id,startDate,seatsTaken,status")
            .WithQuery("$skiptoken", "id-329")
            .WillRespondWith(200)
            .WithHeader("Content-Type", Api.JsonContentType)
            .WithJsonBody(new { value = Match.EachLike(new { id = Match.Integer(331), startDate = Match.Date("2027-03-08"), seatsTaken = Match.Integer(3), status = "OpenForEnrolment" }) });

        await pact.VerifyAsync(async uri =>
        {
            using var client = Client(uri);
            var query = new ODataQuery<Session>().Where("status eq 'OpenForEnrolment'").Select(s => s.Id, s => s.StartDate, s => s.SeatsTaken, s => s.Status);
            var ids = new List<int>();
            await foreach (var session in client.Sessions.ListAllAsync(query))
            {
                ids.Add(session.Id);
            }

            Assert.Equal([4, 331], ids);
        });
    }

    [Fact]
    public async Task Submission_CarriesAnIdempotencyKey_AndReturnsTheETag()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the SDK submits a bulletin")
            .Given("an agent of the collectivité and a session with free seats", new { seats = 10 })
            .WithRequest(HttpMethod.Post, "/v2/Enrolments")
            .WithHeader("Content-Type", Match.Regex("application/json", "^application/json(;.*)?$"))
            .WithHeader("Idempotency-Key", Match.Uuid("6f1c2a573b8e4d1a9c550e2b7f4a9d10", hyphens: false))
            .WithJsonBody(new
            {
                agentId = Match.FromProviderState("${agentId}", 101),
                sessionId = Match.FromProviderState("${sessionId}", 202),
                motive = "Prise de poste",
            })
            .WillRespondWith(201)
            .WithHeader("Content-Type", Api.JsonContentType)
            .WithHeader("ETag", Api.ETag(2))
            .WithJsonBody(new { id = Match.Integer(11281), status = "Accepted", version = Match.Integer(2) });

        await pact.VerifyAsync(async uri =>
        {
            using var client = Client(uri);
            var enrolment = await client.Enrolments.SubmitAsync(new EnrolmentSubmission { AgentId = 101, SessionId = 202, Motive = "Prise de poste" });

            Assert.Equal((11281, EnrolmentStatus.Accepted, "\"2\""), (enrolment.Value.Id, enrolment.Value.Status, enrolment.ETag));
        });
    }

    [Fact]
    public async Task Cancellation_SendsIfMatch_AndAStaleOneBecomesAProblemException()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the SDK cancels with a stale ETag")
            .Given("an accepted enrolment")
            .WithRequest(HttpMethod.Post, Match.FromProviderState("/v2/Enrolments(${enrolmentId})/Cancel", "/v2/Enrolments(11281)/Cancel", "^/v2/Enrolments\\(\\d+\\)/Cancel$"))
            .WithHeader("If-Match", "\"1\"")
            .WithJsonBody(new { reason = "Changement de poste" })
            .WillRespondWith(412)
            .WithHeader("Content-Type", Api.ProblemContentType)
            .WithJsonBody(Api.Problem(412, "precondition-failed"));

        await pact.VerifyAsync(async uri =>
        {
            using var client = Client(uri);
            var problem = await Assert.ThrowsAsync<CnfptProblemException>(() => client.Enrolments.CancelEnrolmentAsync(11281, "Changement de poste", "\"1\""));

            Assert.Equal((HttpStatusCode.PreconditionFailed, "precondition-failed"), (problem.StatusCode, problem.Code));
        });
    }

    [Fact]
    public async Task Attestations_AreListed_AndTheirTokensVerifyOffline_WithTheKeysOfTheJwks()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the SDK lists the valid attestations with their signed token")
            .Given("an attestation of the collectivité")
            .WithRequest(HttpMethod.Get, "/v2/Attestations")
            .WithQuery("$filter", "status eq 'Valid'")
            .WithQuery("$select", "id,number,signedToken")
            .WithQuery("$top", "1")
            .WillRespondWith(200)
            .WithHeader("Content-Type", Api.JsonContentType)
            .WithJsonBody(new
            {
                value = Match.EachLike(new { id = Match.Integer(7), number = Match.Regex("AT-2026-011281", "^AT-\\d{4}-\\d{6}(-\\d+)?$"), signedToken = Match.Regex(ExampleKey.Token, Jws) }),
            });
        pact.UponReceiving("the SDK fetches the attestation keys")
            .WithRequest(HttpMethod.Get, "/.well-known/jwks.json")
            .WillRespondWith(200)
            .WithHeader("Content-Type", Match.Regex("application/json; charset=utf-8", "^application/json(;.*)?$"))
            .WithJsonBody(new
            {
                keys = Match.EachLike(new
                {
                    kty = "EC", crv = "P-256", use = "sig", alg = "ES256",
                    kid = Match.Regex(ExampleKey.Kid, Base64Url256), x = Match.Regex(ExampleKey.X, Base64Url256), y = Match.Regex(ExampleKey.Y, Base64Url256),
                }),
            });

        await pact.VerifyAsync(async uri =>
        {
            using var client = Client(uri);
            var attestation = await client.Attestations.ListAllAsync(new ODataQuery<Attestation>()
                .Where(a => a.Status, AttestationStatus.Valid).Select(a => a.Id, a => a.Number, a => a.SignedToken).Top(1)).SingleAsync();

            var result = await client.Attestations.VerifyOfflineAsync(attestation.SignedToken!);

            Assert.Equal((AttestationVerdict.Valid, ExampleKey.Kid, "AT-2026-011281", 4), (result.Verdict, result.KeyId, result.Attestation?.Number, result.Attestation?.HalfDaysAttended));
        });
    }

    [Fact]
    public async Task AttestationPdf_IsDownloaded_ByItsId()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the SDK downloads an attestation's PDF")
            .Given("an attestation of the collectivité")
            .WithRequest(HttpMethod.Get, Match.FromProviderState("/v2/Attestations(${attestationId})/Pdf()", "/v2/Attestations(7)/Pdf()", "^/v2/Attestations\\(\\d+\\)/Pdf\\(\\)$"))
            .WillRespondWith(200)
            .WithHeader("Content-Type", Match.Regex("application/pdf", "^application/pdf$"));

        await pact.VerifyAsync(async uri =>
        {
            using var client = Client(uri);
            await using var pdf = await client.Attestations.DownloadPdfAsync(7);

            Assert.True(pdf.CanRead);
        });
    }

    [Fact]
    public async Task OnlineVerification_OfAGenuineToken_IsValid_WithTheFacts()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the SDK verifies a genuine attestation token online")
            .Given("an attestation of the collectivité")
            .WithRequest(HttpMethod.Post, "/v2/Attestations/Verify")
            .WithHeader("Content-Type", Match.Regex("application/json", "^application/json(;.*)?$"))
            .WithJsonBody(new { token = Match.FromProviderState("${token}", ExampleKey.Token, Jws) })
            .WillRespondWith(200)
            .WithHeader("Content-Type", Match.Regex("application/json; charset=utf-8", "^application/json(;.*)?$"))
            .WithJsonBody(new
            {
                verdict = "valid",
                keyId = Match.Regex(ExampleKey.Kid, Base64Url256),
                attestation = new { number = Match.FromProviderState("${number}", "AT-2026-011281"), halfDaysAttended = Match.Integer(4), startDate = Match.Date("2026-11-19") },
            });

        await pact.VerifyAsync(async uri =>
        {
            using var client = Client(uri);
            var result = await client.Attestations.VerifyOnlineAsync(ExampleKey.Token);

            Assert.Equal((AttestationVerdict.Valid, true, "AT-2026-011281"), (result.Verdict, result.Online, result.Attestation?.Number));
        });
    }

    [Fact]
    public async Task OnlineVerification_OfATokenSignedByAnUnpublishedKey_IsUnknownKey()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the SDK verifies online a token signed by a key the CNFPT never published")
            .WithRequest(HttpMethod.Post, "/v2/Attestations/Verify")
            .WithHeader("Content-Type", Match.Regex("application/json", "^application/json(;.*)?$"))
            .WithJsonBody(new { token = ExampleKey.Token })
            .WillRespondWith(200)
            .WithHeader("Content-Type", Match.Regex("application/json; charset=utf-8", "^application/json(;.*)?$"))
            .WithJsonBody(new { verdict = "unknownKey", keyId = ExampleKey.Kid });

        await pact.VerifyAsync(async uri =>
        {
            using var client = Client(uri);
            var result = await client.Attestations.VerifyOnlineAsync(ExampleKey.Token);

            Assert.Equal((AttestationVerdict.UnknownKey, ExampleKey.Kid, null), (result.Verdict, result.KeyId, result.Attestation));
        });
    }

    private const string Jws = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$";
    private const string Base64Url256 = "^[A-Za-z0-9_-]{43}$";

    /// <summary>
    /// A P-256 key made for this pact (never a CNFPT key: the API answers unknownKey for its tokens) and a token it
    /// signed over a canonical attestation payload: the examples of the pact stay the same from run to run.
    /// </summary>
    private static class ExampleKey
    {
        public const string X = "yPZ7L2OvpFOZ9Sq8KWV7-BGyXjnc3RZR6TSKm9tQkKE";
        public const string Y = "GJ9okPzY97dZlD9SaPjQtLKAemkzHMHp5RGXY1OGgBA";
        public const string Kid = "6DJDOworxyfBPiM0NDa7gmNp9PaTgXA81OuF8hsNQyA";
        public const string Token =
            "eyJhbGciOiJFUzI1NiIsImtpZCI6IjZESkRPd29yeHlmQlBpTTBORGE3Z21OcDlQYVRnWEE4MU91Rjhoc05ReUEiLCJ0eXAiOiJKV1QifQ."
            + "eyJhdHRlc3RhdGlvbiI6eyJhZ2VudCI6eyJjYXRlZ29yeSI6IkIiLCJlbXBsb3llclJlZmVyZW5jZSI6IlBBQ1QwMDAwMDEiLCJmaXJzdE5hbWUiOiJDYW1pbGxlIiwiaWQiOjIwNDEsImxhc3ROYW1lIjoiQ29udHJhdCJ9LCJjb2xsZWN0aXZpdGUiOnsiaWQiOjMwLCJuYW1lIjoiQ29tbXVuZSBkZSBQYWN0Iiwic2lyZW4iOiIyMTMwMDU5MTYifSwiY291cnNlIjp7ImNvZGUiOiJTWDJCNSIsInRpdGxlIjoiUHLDqXZlbnRpb24gZGVzIHJpc3F1ZXMifSwiZGF5c0F0dGVuZGVkIjoyLCJoYWxmRGF5c0F0dGVuZGVkIjo0LCJoYWxmRGF5c1NjaGVkdWxlZCI6NCwiaXNzdWVkQXQiOiIyMDI2LTExLTIwVDE2OjMwOjAwWiIsIm51bWJlciI6IkFULTIwMjYtMDExMjgxIiwib2JsaWdhdGlvbktpbmQiOiJOb25lIiwicmVwbGFjZXMiOm51bGwsInNlc3Npb24iOnsiY29tbXVuZSI6IkxpbGxlIiwiZGVsZWdhdGlvbiI6IkTDqWzDqWdhdGlvbiBIYXV0cy1kZS1GcmFuY2UiLCJlbmREYXRlIjoiMjAyNi0xMS0yMCIsImlkIjoxNTMzLCJzdGFydERhdGUiOiIyMDI2LTExLTE5IiwidmVudWUiOiJTYWxsZSBQYWN0In19LCJpYXQiOjE3OTUxOTIyMDAsImlzcyI6Imh0dHBzOi8vYXBpLmNuZnB0LmZyIiwianRpIjoiQVQtMjAyNi0wMTEyODEiLCJzdWIiOiJhZ2VudDoyMDQxIn0."
            + "Tl5qYQvPcnSALK1vIn4ATRpB1utTstNLegx0cTy7dhXO4FteKRRDsaNz4hxwLwZshBu-zZehCZ91UFdqxxNW6g";
    }

    /// <summary>
    /// The SDK as a vendor configures it, minus the token request: the mock server stands for the API only, and
    /// the verification adds its own token. A placeholder bearer goes out so that the pipeline is the real one.
    /// </summary>
    private static CnfptClient Client(Uri baseUri) => new(new CnfptClientOptions
    {
        BaseAddress = baseUri,
        MaxRetries = 0,
        PrimaryHandler = () => new Bearer { InnerHandler = new SocketsHttpHandler() },
    });

    private sealed class Bearer : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "consumer-test");
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>All of the SDK's pact tests share one <see cref="PactRun"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SdkPact : ICollectionFixture<PactRun>
{
    public const string Name = "Cnfpt.OpenApi.Sdk pact";
}
