using Xunit.Abstractions;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cnfpt.OpenApi.Pact.Tests;

/// <summary>The consumer side: the mock server answers declared requests and reports every difference.</summary>
public sealed class MockServerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempPactDirectory _pacts = new();

    [Fact]
    public async Task MatchingRequest_Passes_AndWritesTheInteractionToThePactFile()
    {
        using var pact = CoursesPact();

        await pact.VerifyAsync(async uri =>
        {
            using var client = new HttpClient { BaseAddress = uri };
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/Courses?$top=2");
            request.Headers.Add("Accept", "application/json");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Management de proximité", body.GetProperty("value")[0].GetProperty("title").GetString());
        });

        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(PactFiles.PathOf("BindingTests", "Provider", _pacts.Path)));
        var interaction = Assert.Single(file.RootElement.GetProperty("interactions").EnumerateArray());
        Assert.Equal("a page of courses", interaction.GetProperty("description").GetString());
        Assert.Equal("courses exist", interaction.GetProperty("providerStates")[0].GetProperty("name").GetString());
        Assert.Equal(2, interaction.GetProperty("providerStates")[0].GetProperty("params").GetProperty("count").GetInt32());
        Assert.Equal("4.0", file.RootElement.GetProperty("metadata").GetProperty("pactSpecification").GetProperty("version").GetString());
        Assert.True(interaction.GetProperty("response").GetProperty("matchingRules").GetProperty("body").TryGetProperty("$.value", out _));
    }

    [Fact]
    public async Task WrongPath_Fails_NamingThePathReceived()
    {
        using var pact = CoursesPact();

        var failure = await Assert.ThrowsAsync<PactMismatchException>(() => pact.VerifyAsync(async uri =>
        {
            using var client = new HttpClient { BaseAddress = uri };
            client.DefaultRequestHeaders.Add("Accept", "application/json");
            using var response = await client.GetAsync(new Uri("v1/Course?$top=2", UriKind.Relative));
        }));
        output.WriteLine(failure.Message);

        Assert.Contains("GET /v1/Course: received but no interaction declares it", failure.Message, StringComparison.Ordinal);
        Assert.Contains("GET /v1/Courses: declared but never received", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PactFiles.PathOf("BindingTests", "Provider", _pacts.Path)), "a failed test must not write the pact");
    }

    [Fact]
    public async Task WrongHeader_Fails_NamingTheHeaderAndBothValues()
    {
        using var pact = CoursesPact();

        var failure = await Assert.ThrowsAsync<PactMismatchException>(() => pact.VerifyAsync(async uri =>
        {
            using var client = new HttpClient { BaseAddress = uri };
            client.DefaultRequestHeaders.Add("Accept", "text/csv");
            using var response = await client.GetAsync(new Uri("v1/Courses?$top=2", UriKind.Relative));
        }));
        output.WriteLine(failure.Message);

        Assert.Contains("Accept", failure.Message, StringComparison.Ordinal);
        Assert.Contains("application/json", failure.Message, StringComparison.Ordinal);
        Assert.Contains("text/csv", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongBody_Fails_NamingTheField()
    {
        using var pact = new PactBuilder("BindingTests", "Provider", _pacts.Path);
        pact.UponReceiving("an enrolment")
            .WithRequest(HttpMethod.Post, "/v1/Enrolments")
            .WithHeader("Content-Type", "application/json")
            .WithJsonBody(new { agentId = 7, sessionId = 12, motive = "Adaptation au poste" })
            .WillRespondWith(201);

        var failure = await Assert.ThrowsAsync<PactMismatchException>(() => pact.VerifyAsync(async uri =>
        {
            using var client = new HttpClient { BaseAddress = uri };
            using var response = await client.PostAsJsonAsync(new Uri("v1/Enrolments", UriKind.Relative), new { agentId = 7, sessionId = 13, motive = "Adaptation au poste" });
        }));
        output.WriteLine(failure.Message);

        Assert.Contains("$.sessionId", failure.Message, StringComparison.Ordinal);
        Assert.Contains("13", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingConsumerCode_IsReportedWithTheMismatches()
    {
        using var pact = CoursesPact();

        var failure = await Assert.ThrowsAsync<PactMismatchException>(() => pact.VerifyAsync(_ => throw new InvalidOperationException("client bug")));
        output.WriteLine(failure.Message);

        Assert.Contains("client bug", failure.Message, StringComparison.Ordinal);
        Assert.Contains("declared but never received", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PactsBuiltInParallel_EachGetTheirOwnServer_AndMergeIntoOneFile()
    {
        const int Pacts = 8;
        await Task.WhenAll(Enumerable.Range(0, Pacts).Select(i => Task.Run(async () =>
        {
            using var pact = new PactBuilder("BindingTests", "Provider", _pacts.Path);
            pact.UponReceiving($"course {i}")
                .WithRequest(HttpMethod.Get, $"/v1/Courses({i})")
                .WillRespondWith(200)
                .WithJsonBody(new { id = i });
            await pact.VerifyAsync(async uri =>
            {
                using var client = new HttpClient { BaseAddress = uri };
                var body = await client.GetFromJsonAsync<JsonElement>(new Uri($"v1/Courses({i})", UriKind.Relative));
                Assert.Equal(i, body.GetProperty("id").GetInt32());
            });
        })));

        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(PactFiles.PathOf("BindingTests", "Provider", _pacts.Path)));
        var descriptions = file.RootElement.GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("description").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, Pacts).Select(i => $"course {i}").Order(StringComparer.Ordinal), descriptions);
    }

    [Fact]
    public async Task MockServerUrl_IsRewrittenToTheMockServer_SoThatAClientFollowsTheLinkBackToIt()
    {
        using var pact = new PactBuilder("BindingTests", "Provider", _pacts.Path);
        pact.UponReceiving("page 1")
            .WithRequest(HttpMethod.Get, "/v1/Courses")
            .WillRespondWith(200)
            .WithJsonBody(new Dictionary<string, object>
            {
                ["@odata.nextLink"] = Match.MockServerUrl("http://localhost/v1/Courses?$skiptoken=id-100", "/v1/Courses\\?\\$skiptoken=.+"),
                ["value"] = Match.EachLike(new { id = 1 }),
            });
        pact.UponReceiving("page 2")
            .WithRequest(HttpMethod.Get, "/v1/Courses")
            .WithQuery("$skiptoken", "id-100")
            .WillRespondWith(200)
            .WithJsonBody(new { value = Match.EachLike(new { id = 101 }) });

        await pact.VerifyAsync(async uri =>
        {
            using var client = new HttpClient { BaseAddress = uri };
            var first = await client.GetFromJsonAsync<JsonElement>(new Uri("v1/Courses", UriKind.Relative));
            var next = new Uri(first.GetProperty("@odata.nextLink").GetString()!);
            Assert.Equal(uri.Authority, next.Authority);
            var second = await client.GetFromJsonAsync<JsonElement>(next);
            Assert.Equal(101, second.GetProperty("value")[0].GetProperty("id").GetInt32());
        });

        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(PactFiles.PathOf("BindingTests", "Provider", _pacts.Path)));
        var page1 = file.RootElement.GetProperty("interactions").EnumerateArray().Single(i => i.GetProperty("description").GetString() == "page 1");
        Assert.Equal("http://localhost/v1/Courses?$skiptoken=id-100", page1.GetProperty("response").GetProperty("body").GetProperty("content").GetProperty("@odata.nextLink").GetString());
    }

    public void Dispose() => _pacts.Dispose();

    private PactBuilder CoursesPact()
    {
        var pact = new PactBuilder("BindingTests", "Provider", _pacts.Path);
        pact.UponReceiving("a page of courses")
            .Given("courses exist", new { count = 2 })
            .WithRequest(HttpMethod.Get, "/v1/Courses")
            .WithQuery("$top", "2")
            .WithHeader("Accept", "application/json")
            .WillRespondWith(200)
            .WithHeader("Content-Type", Match.Regex("application/json; odata.metadata=minimal", "^application/json(;.*)?$"))
            .WithJsonBody(new Dictionary<string, object>
            {
                ["@odata.context"] = Match.Regex("http://localhost/v1/$metadata#Courses", @"^https?://.+/v1/\$metadata#Courses$"),
                ["value"] = Match.EachLike(new { id = Match.Integer(1), title = Match.Type("Management de proximité") }, min: 1),
            });
        return pact;
    }
}
