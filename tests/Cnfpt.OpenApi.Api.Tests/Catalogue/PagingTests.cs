using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Catalogue;

[Collection(CatalogueCollection.Name)]
public sealed class PagingTests(CatalogueFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task FollowingNextLink_ReadsEverySessionOnce_InPagesOf100()
    {
        await using var db = fixture.NewDbContext();
        var expected = await db.Sessions.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        Assert.Equal(1_500, expected.Count);

        var seen = new List<int>();
        var pages = 0;
        string? next = "/v1/Sessions?$select=id";
        while (next is not null)
        {
            var page = await _client.GetJsonAsync(next);
            var ids = page.Values().Select(s => s.GetProperty("id").GetInt32()).ToList();
            Assert.True(ids.Count <= 100, $"page {pages} has {ids.Count} rows");
            seen.AddRange(ids);
            pages++;
            next = page.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
            Assert.True(next is null || next.Contains("$skiptoken=", StringComparison.Ordinal) || next.Contains("%24skiptoken=", StringComparison.Ordinal), next);
        }

        Assert.Equal(15, pages);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Paging_KeepsAFilterAndAnOrder_AcrossPages()
    {
        await using var db = fixture.NewDbContext();
        var expected = await db.Sessions.Where(s => s.Capacity >= 15)
            .OrderByDescending(s => s.StartDate).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync();
        Assert.True(expected.Count > 200);

        var seen = new List<int>();
        string? next = "/v1/Sessions?$filter=capacity ge 15&$orderby=startDate desc&$select=id";
        while (next is not null)
        {
            var page = await _client.GetJsonAsync(next);
            seen.AddRange(page.Values().Select(s => s.GetProperty("id").GetInt32()));
            next = page.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Top_UpToTheMaximum_IsServedInPagesOf100_AndStopsAtTop()
    {
        var first = await _client.GetJsonAsync("/v1/Sessions?$top=1000&$select=id");
        var (rows, pages) = await _client.GetAllPagesAsync("/v1/Sessions?$top=1000&$select=id");

        Assert.Equal(100, first.Values().Count());
        Assert.True(first.TryGetProperty("@odata.nextLink", out _));
        Assert.Equal(1000, rows.Count);
        Assert.Equal(10, pages);
        Assert.Equal(rows.Count, rows.Select(r => r.GetProperty("id").GetInt32()).Distinct().Count());
    }
}
