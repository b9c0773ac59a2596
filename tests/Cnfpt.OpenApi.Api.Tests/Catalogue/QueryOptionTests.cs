using System.Globalization;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Catalogue;

/// <summary>Each OData query option on the catalogue, checked against what the database holds.</summary>
[Collection(CatalogueCollection.Name)]
public sealed class QueryOptionTests(CatalogueFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Filter_OnStatusAndDate_ReturnsExactlyTheMatchingSessions()
    {
        await using var db = fixture.NewDbContext();
        var from = new DateOnly(2026, 10, 1);
        var expected = await db.Sessions
            .Where(s => s.Status == SessionStatus.OpenForEnrolment && s.StartDate >= from)
            .OrderBy(s => s.Id).Select(s => s.Id).Take(1000).ToListAsync();
        Assert.NotEmpty(expected);

        var (rows, _) = await _client.GetAllPagesAsync("/v1/Sessions?$filter=status eq 'OpenForEnrolment' and startDate ge 2026-10-01&$select=id");

        Assert.Equal(expected, rows.Select(s => s.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task Filter_OnEnumWithQualifiedLiteral_AndOnDecimal_Works()
    {
        await using var db = fixture.NewDbContext();
        var expected = await db.Courses.CountAsync(c => c.Funding == Funding.Paid && c.DurationDays >= 2);

        var page = await _client.GetJsonAsync("/v1/Courses?$filter=funding eq Cnfpt.OpenApi.V1.Funding'Paid' and durationDays ge 2&$count=true&$top=0");

        Assert.Equal(expected, page.GetProperty("@odata.count").GetInt32());
    }

    [Fact]
    public async Task Filter_HasOnTargetCategories_SelectsCoursesOpenToThatCategorie()
    {
        await using var db = fixture.NewDbContext();
        var expected = (await db.Courses.Select(c => new { c.Id, c.TargetCategories }).ToListAsync())
            .Where(c => c.TargetCategories.HasFlag(TargetCategories.A)).Select(c => c.Id).Order().ToList();

        var (rows, _) = await _client.GetAllPagesAsync("/v1/Courses?$filter=targetCategories has Cnfpt.OpenApi.V1.TargetCategories'A'&$select=id");

        Assert.Equal(expected, rows.Select(c => c.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task OrderBy_SortsDescendingThenByKey()
    {
        var (page, _) = await _client.GetAllPagesAsync("/v1/Sessions?$orderby=startDate desc,id&$select=id,startDate&$top=200");
        var rows = page.Select(s => (Id: s.GetProperty("id").GetInt32(), Start: DateOnly.Parse(s.GetProperty("startDate").GetString()!, CultureInfo.InvariantCulture))).ToList();

        Assert.Equal(200, rows.Count);
        Assert.Equal(rows.OrderByDescending(r => r.Start).ThenBy(r => r.Id), rows);
    }

    [Fact]
    public async Task Select_ReturnsOnlyTheNamedProperties()
    {
        var page = await _client.GetJsonAsync("/v1/Courses?$select=code,title&$top=3");

        Assert.All(page.Values(), c => Assert.Equal(["code", "title"], c.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task Expand_SessionToCourse_EmbedsTheCourse()
    {
        await using var db = fixture.NewDbContext();
        var page = await _client.GetJsonAsync("/v1/Sessions?$expand=course($select=id,title)&$top=5");

        foreach (var session in page.Values())
        {
            var courseId = session.GetProperty("courseId").GetInt32();
            var expectedTitle = await db.Courses.Where(c => c.Id == courseId).Select(c => c.Title).SingleAsync();
            Assert.Equal(expectedTitle, session.GetProperty("course").GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task Expand_CourseToSessionsAndTheme_EmbedsBoth()
    {
        await using var db = fixture.NewDbContext();
        var course = await db.Courses.OrderBy(c => c.Id).Where(c => db.Sessions.Count(s => s.CourseId == c.Id) >= 2).Select(c => new
        {
            c.Id,
            Theme = c.Theme!.Name,
            Sessions = db.Sessions.Where(s => s.CourseId == c.Id).OrderBy(s => s.Id).Select(s => s.Id).ToList(),
        }).FirstAsync();

        var body = await _client.GetJsonAsync($"/v1/Courses({course.Id})?$expand=sessions($select=id;$orderby=id),theme");

        Assert.Equal(course.Theme, body.GetProperty("theme").GetProperty("name").GetString());
        Assert.Equal(course.Sessions, body.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task Count_GivesTheTotalIndependentlyOfTop()
    {
        await using var db = fixture.NewDbContext();
        var total = await db.Sessions.CountAsync();

        var page = await _client.GetJsonAsync("/v1/Sessions?$count=true&$top=2");

        Assert.Equal(total, page.GetProperty("@odata.count").GetInt32());
        Assert.Equal(2, page.Values().Count());
        var raw = await _client.GetStringAsync(new Uri("/v1/Sessions/$count", UriKind.Relative));
        Assert.Equal(total, int.Parse(raw, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TopAndSkip_SliceTheOrderedCollection()
    {
        var all = await _client.GetJsonAsync("/v1/Themes?$orderby=id&$select=id");
        var slice = await _client.GetJsonAsync("/v1/Themes?$orderby=id&$select=id&$skip=3&$top=4");

        Assert.Equal(all.Values().Skip(3).Take(4).Select(t => t.GetProperty("id").GetInt32()), slice.Values().Select(t => t.GetProperty("id").GetInt32()));
    }

    [Theory]
    [InlineData("Courses", "id")]
    [InlineData("Sessions", "id")]
    [InlineData("Themes", "id")]
    [InlineData("Domains", "id")]
    [InlineData("Delegations", "id")]
    public async Task ByKey_ReturnsTheEntity(string set, string key)
    {
        var first = (await _client.GetJsonAsync($"/v1/{set}?$top=1")).Values().Single();
        var id = first.GetProperty(key).GetInt32();

        var one = await _client.GetJsonAsync($"/v1/{set}({id})");

        Assert.Equal(id, one.GetProperty(key).GetInt32());
    }

    [Fact]
    public async Task Communes_AreKeyedByInseeCode()
    {
        var lille = await _client.GetJsonAsync("/v1/Communes('59350')");

        Assert.Equal("Lille", lille.GetProperty("name").GetString());
        Assert.Equal("59", lille.GetProperty("departementCode").GetString());
    }

    [Fact]
    public async Task Metadata_DescribesTheV1EntitySets()
    {
        using var response = await _client.GetAsync(new Uri("/v1/$metadata", UriKind.Relative));
        var csdl = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        foreach (var set in new[] { "Courses", "Sessions", "Themes", "Domains", "Delegations", "Communes" })
        {
            Assert.Contains($"<EntitySet Name=\"{set}\"", csdl, StringComparison.Ordinal);
        }

        Assert.Contains("Namespace=\"Cnfpt.OpenApi.V1\"", csdl, StringComparison.Ordinal);
        Assert.DoesNotContain("searchText", csdl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogue_IsReadableWithoutAToken_AndAnswersOdataJson()
    {
        using var response = await _client.GetAsync(new Uri("/v1/Courses?$top=1", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("/v1/$metadata#Courses", doc.RootElement.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
    }
}
