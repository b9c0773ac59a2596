using System.Net.Http.Json;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Pact.Tests;

/// <summary>
/// The provider side: a pact written by a consumer test is replayed by the verifier against a stand-in
/// provider (another Pact mock server, so that the binding is tested without the API).
/// </summary>
public sealed class VerifierTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempPactDirectory _pacts = new();

    [Fact]
    public async Task Verifier_PassesAProviderThatAnswersAsThePactSays_AndSendsTheCustomHeader()
    {
        var file = await WriteConsumerPactAsync();
        // The stand-in provider only answers when the verifier adds the bearer token the pact does not hold.
        using var provider = Provider(title: "title", authorization: "Bearer t0k3n");
        using var server = provider.StartMockServer();

        using var verifier = new PactVerifier("Provider", server.BaseUri)
            .WithPactFile(file)
            .WithCustomHeader("Authorization", "Bearer t0k3n");
        var result = await Task.Run(verifier.Verify);
        output.WriteLine(result.Output);

        Assert.True(result.Passed, result.ToString());
        Assert.Equal(1, result.InteractionCount);
        Assert.Equal(1, result.VerifiedCount);
        Assert.Empty(result.Failures);
    }

    [Fact]
    public async Task Verifier_FailsAProviderThatRenamedAProperty_NamingTheInteractionAndTheField()
    {
        var file = await WriteConsumerPactAsync();
        using var provider = Provider(title: "label", authorization: null);
        using var server = provider.StartMockServer();

        using var verifier = new PactVerifier("Provider", server.BaseUri).WithPactFile(file);
        var result = await Task.Run(verifier.Verify);
        output.WriteLine(result.ToString());

        Assert.False(result.Passed);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("VerifierTests: a course by id: BodyMismatch at $: Actual map is missing the following keys: title", failure);
        Assert.Equal(1, result.VerifiedCount);
    }

    [Fact]
    public void Verifier_WithAnEmptyPact_ReportsZeroInteractions()
    {
        var file = Path.Combine(_pacts.Path, "empty.json");
        File.WriteAllText(file, """{"consumer":{"name":"C"},"provider":{"name":"Provider"},"interactions":[],"metadata":{"pactSpecification":{"version":"4.0"}}}""");
        using var verifier = new PactVerifier("Provider", new Uri("http://127.0.0.1:9/")).WithPactFile(file);

        var result = verifier.Verify();

        // The verifier itself passes it (exit 0, "WARNING: Pact file has no interactions"): callers must
        // check the counts, as the provider verification does.
        Assert.Equal((0, 0), (result.InteractionCount, result.VerifiedCount));
    }

    public void Dispose() => _pacts.Dispose();

    private async Task<string> WriteConsumerPactAsync()
    {
        using var pact = new PactBuilder("VerifierTests", "Provider", _pacts.Path);
        pact.UponReceiving("a course by id")
            .WithRequest(HttpMethod.Get, "/v1/Courses(7)")
            .WillRespondWith(200)
            .WithJsonBody(new { id = Match.Integer(7), title = Match.Type("Management de proximité") });
        await pact.VerifyAsync(async uri =>
        {
            using var client = new HttpClient { BaseAddress = uri };
            _ = await client.GetFromJsonAsync<object>(new Uri("v1/Courses(7)", UriKind.Relative));
        });
        return PactFiles.PathOf("VerifierTests", "Provider", _pacts.Path);
    }

    /// <summary>A stand-in provider whose course has its title under <paramref name="title"/>.</summary>
    private PactBuilder Provider(string title, string? authorization)
    {
        var provider = new PactBuilder("StandIn", "Provider", _pacts.Path);
        var request = provider.UponReceiving("any course").WithRequest(HttpMethod.Get, "/v1/Courses(7)");
        if (authorization is not null)
        {
            request.WithHeader("Authorization", authorization);
        }

        request.WillRespondWith(200).WithJsonBody(new Dictionary<string, object> { ["id"] = 9, [title] = "Accueil du public" });
        return provider;
    }
}
