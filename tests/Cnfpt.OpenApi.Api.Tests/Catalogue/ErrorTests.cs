using System.Net;
using System.Net.Http.Headers;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.Catalogue;

/// <summary>Every error is an RFC 9457 problem with a stable code, the field at fault, and no internals.</summary>
[Collection(CatalogueCollection.Name)]
public sealed class ErrorTests(CatalogueFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("/v1/Courses?$filter=colour eq 'red'", "invalid-query", "$filter", "colour")]
    [InlineData("/v1/Courses?$filter=durationDays gt 'two'", "invalid-query", "$filter", "Edm.Decimal")]
    [InlineData("/v1/Sessions?$filter=startDate ge 2026-13-45", "invalid-query", "$filter", "2026-13-45")]
    [InlineData("/v1/Courses?$filter=title eq", "invalid-query", "$filter", "")]
    [InlineData("/v1/Courses?$orderby=nothing", "invalid-query", "$orderby", "nothing")]
    [InlineData("/v1/Courses?$select=nope", "invalid-query", "$select", "nope")]
    [InlineData("/v1/Courses?$expand=nowhere", "invalid-query", "$expand", "nowhere")]
    [InlineData("/v1/Courses?$top=-1", "invalid-query", "$top", "")]
    [InlineData("/v1/Courses?$top=ten", "invalid-query", "$top", "")]
    [InlineData("/v1/Courses?$skip=-5", "invalid-query", "$skip", "")]
    [InlineData("/v1/Courses?$count=maybe", "invalid-query", "$count", "")]
    [InlineData("/v1/Courses?$top=1001", "top-too-large", "$top", "1000")]
    [InlineData("/v1/Courses?$frobnicate=1", "unknown-query-option", "$frobnicate", "$frobnicate")]
    [InlineData("/v1/Themes?$search=finances", "invalid-query", "$search", "Courses and Sessions")]
    [InlineData("/v1/Sessions?$expand=course($expand=theme($expand=courses))", "query-too-complex", "$expand", "")]
    public async Task InvalidQuery_IsA400Problem_NamingTheOption(string url, string code, string field, string mentions)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors should name {field}: {problem}");
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Contains(mentions, problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyFilterNodes_IsRejectedBeforeReachingTheDatabase()
    {
        var clauses = string.Join(" or ", Enumerable.Range(1, 120).Select(i => $"id eq {i}"));
        fixture.Api.Sql.Clear();

        using var response = await _client.GetAsync(new Uri($"/v1/Courses?$filter={Uri.EscapeDataString(clauses)}", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "query-too-complex");
        Assert.Empty(fixture.Api.Sql.Commands);
    }

    [Theory]
    [InlineData("/v1/Courses(999999)")]
    [InlineData("/v1/Sessions(999999)")]
    [InlineData("/v1/Themes(999999)")]
    [InlineData("/v1/Communes('00000')")]
    [InlineData("/v1/Nothing")]
    [InlineData("/v1/Courses(1)/nothing")]
    public async Task UnknownResource_IsA404Problem(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(new Uri(url, UriKind.Relative).OriginalString.Split('?')[0], problem.GetProperty("instance").GetString());
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/csv")]
    public async Task UnsupportedAccept_IsA406Problem(string mediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/Courses?$top=1", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));

        using var response = await _client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.NotAcceptable, "not-acceptable");
    }

    [Fact]
    public async Task WritingToTheReadOnlyCatalogue_IsA405Problem()
    {
        using var content = new StringContent("{\"title\":\"x\"}", System.Text.Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync(new Uri("/v1/Courses", UriKind.Relative), content);

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }
}
