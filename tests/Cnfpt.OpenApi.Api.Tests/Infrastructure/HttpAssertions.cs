using System.Net;
using System.Text.Json;

namespace Cnfpt.OpenApi.Api.Tests.Infrastructure;

public static class HttpAssertions
{
    /// <summary>GETs a URL, asserts the status, and returns the parsed JSON body.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and code, and that nothing internal leaks.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal("urn:cnfpt:problem:" + code, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        foreach (var leak in new[] { "stacktrace", "StackTrace", "   at ", "Exception", "innererror", "SELECT ", "Npgsql" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }

        return problem;
    }

    /// <summary>
    /// Reads a collection to its end, following @odata.nextLink, and checks that no page exceeds the page size
    /// (100 for the catalogue, 1000 for statistics); returns every row and the number of pages.
    /// </summary>
    public static async Task<(List<JsonElement> Rows, int Pages)> GetAllPagesAsync(this HttpClient client, string url, int pageSize = 100)
    {
        var rows = new List<JsonElement>();
        var pages = 0;
        string? next = url;
        while (next is not null)
        {
            var page = await client.GetJsonAsync(next);
            var count = page.Values().Count();
            Assert.True(count <= pageSize, $"page {pages} of {url} has {count} rows; the page size is {pageSize}");
            rows.AddRange(page.Values());
            pages++;
            next = page.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
        }

        return (rows, pages);
    }

    public static IEnumerable<JsonElement> Values(this JsonElement page) => page.GetProperty("value").EnumerateArray();
}
