using System.Net;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Catalogue;

/// <summary>Navigation paths (Courses(12)/sessions) answer like the entity sets they lead to.</summary>
[Collection(CatalogueCollection.Name)]
public sealed class NavigationTests(CatalogueFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task CourseSessions_AreTheSessionsOfThatCourse_WithQueryOptions()
    {
        await using var db = fixture.NewDbContext();
        var courseId = await db.Sessions.GroupBy(s => s.CourseId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        var expected = await db.Sessions.Where(s => s.CourseId == courseId).OrderByDescending(s => s.StartDate).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync();

        var (rows, _) = await _client.GetAllPagesAsync($"/v1/Courses({courseId})/sessions?$orderby=startDate desc,id&$select=id");

        Assert.Equal(expected, rows.Select(r => r.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task SingleValuedNavigations_ReturnTheRelatedEntity()
    {
        await using var db = fixture.NewDbContext();
        var session = await db.Sessions.Include(s => s.Course).Include(s => s.Delegation).OrderBy(s => s.Id).FirstAsync();

        var course = await _client.GetJsonAsync($"/v1/Sessions({session.Id})/course?$select=id,title");
        var delegation = await _client.GetJsonAsync($"/v1/Sessions({session.Id})/delegation");
        var commune = await _client.GetJsonAsync($"/v1/Sessions({session.Id})/commune");

        Assert.Equal(session.Course!.Title, course.GetProperty("title").GetString());
        Assert.Equal(session.Delegation!.Code, delegation.GetProperty("code").GetString());
        Assert.Equal(session.CommuneCode, commune.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/v1/Courses(999999)/sessions")]
    [InlineData("/v1/Sessions(999999)/course")]
    [InlineData("/v1/Themes(999999)/courses")]
    [InlineData("/v1/Domains(999999)/themes")]
    public async Task NavigationFromAMissingEntity_IsA404Problem(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
