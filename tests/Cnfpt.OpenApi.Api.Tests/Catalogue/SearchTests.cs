using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Catalogue;

[Collection(CatalogueCollection.Name)]
public sealed class SearchTests(CatalogueFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("securite")]
    [InlineData("sécurité")]
    [InlineData("SÉCURITÉ")]
    [InlineData("Securité")]
    public async Task Search_IgnoresAccentsAndCase(string term)
    {
        await using var db = fixture.NewDbContext();
        var titles = await db.Courses.Select(c => new { c.Id, c.Title, c.Description }).ToListAsync();
        var expected = titles.Where(c => SearchText.Fold($"{c.Title} {c.Description}").Contains("securite", StringComparison.Ordinal)).Select(c => c.Id).Order().ToList();
        Assert.Contains(titles, c => c.Title.Contains("sécurité", StringComparison.OrdinalIgnoreCase));

        var (rows, _) = await _client.GetAllPagesAsync($"/v1/Courses?$search={Uri.EscapeDataString(term)}&$select=id&$orderby=id");

        Assert.Equal(expected, rows.Select(c => c.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task Search_CombinesTermsWithAndOrNot()
    {
        static string Text(JsonElement c) => SearchText.Fold($"{c.GetProperty("code").GetString()} {c.GetProperty("title").GetString()} {c.GetProperty("description").GetString()}");
        var (both, _) = await _client.GetAllPagesAsync("/v1/Courses?$search=prevention AND risques&$select=code,title,description");
        var (either, _) = await _client.GetAllPagesAsync("/v1/Courses?$search=caces OR armement&$select=code,title,description");
        var (without, _) = await _client.GetAllPagesAsync("/v1/Courses?$search=habilitation NOT BR&$select=code,title,description");

        Assert.NotEmpty(both);
        Assert.All(both, c => Assert.True(Text(c).Contains("prevention", StringComparison.Ordinal) && Text(c).Contains("risques", StringComparison.Ordinal)));
        Assert.Contains(either, c => Text(c).Contains("caces", StringComparison.Ordinal));
        Assert.Contains(either, c => Text(c).Contains("armement", StringComparison.Ordinal));
        Assert.All(either, c => Assert.True(Text(c).Contains("caces", StringComparison.Ordinal) || Text(c).Contains("armement", StringComparison.Ordinal)));
        Assert.NotEmpty(without);
        Assert.All(without, c => Assert.True(Text(c).Contains("habilitation", StringComparison.Ordinal) && !Text(c).Contains("br", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Search_OnSessions_LooksIntoTheirCourse()
    {
        await using var db = fixture.NewDbContext();
        var expected = await db.Sessions.CountAsync(s => s.Course!.SearchText.Contains("caces"));

        var page = await _client.GetJsonAsync("/v1/Sessions?$search=CACES&$count=true&$top=0");

        Assert.True(expected > 0);
        Assert.Equal(expected, page.GetProperty("@odata.count").GetInt32());
    }
}
