using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Pact.Tests;

/// <summary>
/// Each matcher, used in a request body, lets the mock server accept a different value of the right kind and
/// reject a value of the wrong kind (with the field named in the failure).
/// </summary>
public sealed class MatcherTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Dictionary<string, Matcher> Matchers = new()
    {
        ["type"] = Match.Type("Management de proximité"),
        ["integer"] = Match.Integer(1),
        ["decimal"] = Match.Decimal(2.5m),
        ["regex"] = Match.Regex("FR-59", "^[A-Z]{2}-\\d{2}$"),
        ["date"] = Match.Date("2026-09-01"),
        ["datetime"] = Match.DateTime("2026-09-01T08:30:00", "yyyy-MM-dd'T'HH:mm:ss"),
        ["isoDateTime"] = Match.IsoDateTime("2026-09-01T08:30:00Z"),
        ["eachLike"] = Match.EachLike(new { id = Match.Integer(1) }, min: 2),
    };

    private readonly TempPactDirectory _pacts = new();

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "type", "\"Autre intitulé\"", "42" },
        { "integer", "17", "1.5" },
        { "integer", "-3", "\"17\"" },
        { "decimal", "3.75", "\"3.75\"" },
        { "regex", "\"AB-12\"", "\"ab-12\"" },
        { "date", "\"2027-01-31\"", "\"31/01/2027\"" },
        { "date", "\"2028-02-29\"", "\"2027-02-30\"" },
        { "datetime", "\"2027-12-31T23:59:59\"", "\"2027-12-31 23:59\"" },
        { "isoDateTime", "\"2026-09-01T08:30:00.1234567+02:00\"", "\"2026-09-01 08:30\"" },
        { "eachLike", "[{\"id\":5},{\"id\":6},{\"id\":7}]", "[{\"id\":5}]" },
        { "eachLike", "[{\"id\":5},{\"id\":6}]", "[{\"id\":5},{\"id\":\"6\"}]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Matcher_AcceptsAValueOfTheRightKind(string matcher, string good, string bad)
    {
        _ = bad;
        using var pact = Pact(matcher);

        await pact.VerifyAsync(uri => PostAsync(uri, good));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Matcher_RejectsAValueOfTheWrongKind_NamingTheField(string matcher, string good, string bad)
    {
        _ = good;
        using var pact = Pact(matcher);

        var failure = await Assert.ThrowsAsync<PactMismatchException>(() => pact.VerifyAsync(uri => PostAsync(uri, bad)));
        output.WriteLine(failure.Message);

        Assert.Contains("BodyMismatch at $.field", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Regex_WhoseExampleDoesNotMatch_IsRefusedAtOnce() =>
        Assert.Throws<ArgumentException>(() => Match.Regex("fr-59", "^[A-Z]{2}-\\d{2}$"));

    public void Dispose() => _pacts.Dispose();

    private PactBuilder Pact(string matcher)
    {
        var pact = new PactBuilder("MatcherTests", "Provider", _pacts.Path);
        pact.UponReceiving($"a body with a {matcher} matcher")
            .WithRequest(HttpMethod.Post, "/values")
            .WithHeader("Content-Type", "application/json")
            .WithJsonBody(new { field = Matchers[matcher] })
            .WillRespondWith(204);
        return pact;
    }

    private static async Task PostAsync(Uri baseUri, string value)
    {
        using var client = new HttpClient { BaseAddress = baseUri };
        using var content = new StringContent($"{{\"field\":{value}}}", Encoding.UTF8, "application/json");
        content.Headers.ContentType!.CharSet = null;
        using var response = await client.PostAsync(new Uri("values", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
