using System.Net;
using Cnfpt.OpenApi.Pact;

namespace Cnfpt.OpenApi.Consumers.Tests.OpenData;

/// <summary>What the open-data reuser relies on (consumer ExampleOpenData): anonymous catalogue paging, statistics, query errors.</summary>
[Collection(OpenDataPact.Name)]
public sealed class OpenDataPactTests(PactRun run)
{
    public const string Consumer = "ExampleOpenData";

    private const string SessionsFilter = "status eq 'OpenForEnrolment'";
    private const string SessionsSelect = "id,startDate,endDate,capacity,seatsTaken,status";

    /// <summary>The link the example first page gives: the second interaction is what following it sends.</summary>
    private const string NextLink = "http://localhost/v1/Sessions?$filter=status%20eq%20%27OpenForEnrolment%27&$count=true&$select=id%2CstartDate%2CendDate%2Ccapacity%2CseatsTaken%2Cstatus&$skiptoken=id-329";

    [Fact]
    public async Task OpenSessions_AreReadPageAfterPage_FollowingTheNextLink()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the first page of sessions open for enrolment, with their count")
            .Given("the catalogue is published")
            .WithRequest(HttpMethod.Get, "/v1/Sessions")
            .WithQuery("$filter", SessionsFilter)
            .WithQuery("$count", "true")
            .WithQuery("$select", SessionsSelect)
            .WillRespondWith(200)
            .WithHeader("Content-Type", Api.JsonContentType)
            .WithJsonBody(new Dictionary<string, object>
            {
                ["@odata.context"] = Api.Context($"Sessions({SessionsSelect})"),
                ["@odata.count"] = Match.Integer(439),
                // More than a page (100 rows) of open sessions: the link is there, with a keyset skip token.
                ["@odata.nextLink"] = Match.Regex(NextLink, "^https?://[^/]+/v1/Sessions\\?.*\\$skiptoken=[^&]+$"),
                ["value"] = Match.EachLike(Session(4, "2027-01-11", "2027-01-14")),
            });
        pact.UponReceiving("the next page of sessions open for enrolment")
            .Given("the catalogue is published")
            .WithRequest(HttpMethod.Get, "/v1/Sessions")
            .WithQuery("$filter", SessionsFilter)
            .WithQuery("$count", "true")
            .WithQuery("$select", SessionsSelect)
            .WithQuery("$skiptoken", "id-329")
            .WillRespondWith(200)
            .WithHeader("Content-Type", Api.JsonContentType)
            .WithJsonBody(new Dictionary<string, object>
            {
                ["@odata.context"] = Api.Context($"Sessions({SessionsSelect})"),
                ["@odata.count"] = Match.Integer(439),
                ["value"] = Match.EachLike(Session(331, "2027-03-08", "2027-03-09")),
            });

        await pact.VerifyAsync(async uri =>
        {
            using var http = new HttpClient { BaseAddress = uri };
            var (sessions, count) = await new OpenDataReuser(http).OpenSessionsAsync();

            Assert.Equal([4, 331], sessions.Select(s => s.Id));
            Assert.Equal(439, count);
            Assert.Equal(new DateOnly(2027, 1, 11), sessions[0].StartDate);
        });
    }

    [Fact]
    public async Task YearTotals_AreReadFromTheStatistics()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("the national totals per year")
            .Given("the statistics of the reference date are published")
            .WithRequest(HttpMethod.Get, "/v1/Statistics")
            .WithQuery("$filter", "table eq 'year'")
            .WithQuery("$select", "year,suppressed,agents,trainees,traineeDays,enrolments")
            .WillRespondWith(200)
            .WithHeader("Content-Type", Api.JsonContentType)
            .WithHeader("X-Licence", "Licence Ouverte - Etalab 2.0")
            .WithJsonBody(new Dictionary<string, object>
            {
                ["@odata.context"] = Api.Context("Statistics(year,suppressed,agents,trainees,traineeDays,enrolments)"),
                ["@cnfpt.licence"] = "Licence Ouverte / Etalab 2.0",
                ["@cnfpt.dataDate"] = Match.Date("2026-09-01"),
                ["value"] = Match.EachLike(new
                {
                    year = Match.Integer(2025),
                    suppressed = Match.Type(false),
                    agents = Match.Integer(686),
                    trainees = Match.Integer(509),
                    traineeDays = Match.Number(1206.5m),
                    enrolments = Match.Integer(1057),
                }),
            });

        await pact.VerifyAsync(async uri =>
        {
            using var http = new HttpClient { BaseAddress = uri };
            var totals = await new OpenDataReuser(http).YearTotalsAsync();

            var year = Assert.Single(totals);
            Assert.Equal((2025, 1206.5m), (year.Year, year.TraineeDays));
        });
    }

    [Fact]
    public async Task FilterOnAnUnknownProperty_IsAnInvalidQueryProblem()
    {
        using var pact = run.NewPact(Consumer, Api.Provider);
        pact.UponReceiving("a filter on a property that sessions do not have")
            .Given("the catalogue is published")
            .WithRequest(HttpMethod.Get, "/v1/Sessions")
            .WithQuery("$filter", "colour eq 'red'")
            .WillRespondWith(400)
            .WithHeader("Content-Type", Api.ProblemContentType)
            .WithJsonBody(Api.Problem(400, "invalid-query"));

        await pact.VerifyAsync(async uri =>
        {
            using var http = new HttpClient { BaseAddress = uri };
            var problem = await Assert.ThrowsAsync<ProblemException>(() => new OpenDataReuser(http).SessionsWhereAsync("colour eq 'red'"));

            Assert.Equal((HttpStatusCode.BadRequest, "invalid-query"), (problem.Status, problem.Code));
        });
    }

    private static object Session(int id, string start, string end) => new
    {
        id = Match.Integer(id),
        startDate = Match.Date(start),
        endDate = Match.Date(end),
        capacity = Match.Integer(24),
        seatsTaken = Match.Integer(21),
        status = "OpenForEnrolment",
    };
}

/// <summary>All of ExampleOpenData's tests share one <see cref="PactRun"/>, which publishes its pact when they are done.</summary>
[CollectionDefinition(Name)]
public sealed class OpenDataPact : ICollectionFixture<PactRun>
{
    public const string Name = "ExampleOpenData pact";
}
