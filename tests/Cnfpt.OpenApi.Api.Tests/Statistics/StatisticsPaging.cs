using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.Statistics;

internal static class StatisticsPaging
{
    /// <summary>Reads a statistics collection to its end (pages of up to 1000 rows), following @odata.nextLink.</summary>
    public static async Task<(List<JsonElement> Rows, int Pages)> GetAllPagesAsync(HttpClient client, string url)
    {
        var rows = new List<JsonElement>();
        var pages = 0;
        string? next = url;
        while (next is not null)
        {
            var page = await client.GetJsonAsync(next);
            var count = page.Values().Count();
            Assert.True(count <= 1000, $"page {pages} of {url} has {count} rows; the page size is 1000");
            rows.AddRange(page.Values());
            pages++;
            next = page.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
        }

        return (rows, pages);
    }
}
