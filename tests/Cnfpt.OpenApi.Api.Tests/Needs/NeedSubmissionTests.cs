using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Needs;

/// <summary>Submitting needs: what is refused (problem, field, nothing written), idempotency, and reading one's own needs.</summary>
[Collection(NeedsCollection.Name)]
public sealed class NeedSubmissionTests(NeedsFixture fixture)
{
    public static TheoryData<string, HttpStatusCode, string, string> BadNeeds() => new()
    {
        { """{"collectiviteId": 41, "year": 1999, "courseId": 1, "agentCount": 2}""", HttpStatusCode.BadRequest, "validation-failed", "year" },
        { """{"collectiviteId": 41, "year": YEAR, "agentCount": 2}""", HttpStatusCode.BadRequest, "validation-failed", "courseId" },
        { """{"collectiviteId": 41, "year": YEAR, "courseId": 1, "themeId": 1, "agentCount": 2}""", HttpStatusCode.BadRequest, "validation-failed", "themeId" },
        { """{"collectiviteId": 41, "year": YEAR, "courseId": 1}""", HttpStatusCode.BadRequest, "validation-failed", "agentCount" },
        { """{"collectiviteId": 41, "year": YEAR, "courseId": 1, "agentCount": 501}""", HttpStatusCode.BadRequest, "validation-failed", "agentCount" },
        { """{"collectiviteId": 41, "year": YEAR, "courseId": 1, "agentCount": 2, "preferredPeriod": "printemps"}""", HttpStatusCode.BadRequest, "validation-failed", "preferredPeriod" },
        { """{"collectiviteId": 41, "year": YEAR, "courseId": 1, "agentCount": 2, "preferredCommuneCode": "00000"}""", HttpStatusCode.UnprocessableEntity, "commune-not-found", "preferredCommuneCode" },
        { """{"collectiviteId": 41, "year": YEAR, "courseId": 999999, "agentCount": 2}""", HttpStatusCode.UnprocessableEntity, "course-not-found", "courseId" },
        { """{"collectiviteId": 41, "year": YEAR, "courseId": 1, "agentIds": [1]}""", HttpStatusCode.UnprocessableEntity, "agent-not-found", "agentIds" },
        { """{"collectiviteId": 42, "year": YEAR, "courseId": 1, "agentCount": 2}""", HttpStatusCode.Forbidden, "not-mandated", "collectiviteId" },
    };

    [Theory]
    [MemberData(nameof(BadNeeds))]
    public async Task ABadNeed_IsAProblemNamingTheField_AndWritesNothing(string json, HttpStatusCode status, string code, string field)
    {
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        var before = await CountAsync();
        using var content = new StringContent(json.Replace("YEAR", NeedsFixture.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
        using var response = await member.PostAsync(new Uri("/v1/TrainingNeeds", UriKind.Relative), content);
        var problem = await response.AssertProblemAsync(status, code);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task TheSameIdempotencyKey_RecordsTheNeedOnce()
    {
        var course = await fixture.NewCourseAsync(15);
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        var key = Guid.NewGuid().ToString();
        var bodies = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/TrainingNeeds", UriKind.Relative))
            {
                Content = JsonContent.Create(new { collectiviteId = NeedsFixture.Member, year = NeedsFixture.Year, courseId = course.Id, agentCount = 4 }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await member.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(bodies[0], bodies[1]);
        await using var db = fixture.NewDbContext();
        Assert.Equal(1, await db.TrainingNeeds.CountAsync(n => n.CourseId == course.Id));
    }

    [Fact]
    public async Task ACollectivite_ReadsItsOwnNeeds_WithTheirAgentsAndOutcome()
    {
        var course = await fixture.NewCourseAsync(15);
        var agents = await fixture.NewAgentsAsync(NeedsFixture.Member, 2);
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        using var vendor = await fixture.ClientAsync(NeedsFixture.Vendor);
        var (created, body) = await NeedsFixture.SubmitAsync(member, new { collectiviteId = NeedsFixture.Member, year = NeedsFixture.Year, courseId = course.Id, agentIds = agents.Select(a => a.Id).ToArray() });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = body.GetProperty("id").GetInt32();
        await NeedsFixture.NeedAsync(vendor, NeedsFixture.VendorMember, course.Id, 13);

        var mine = await member.GetJsonAsync($"/v1/TrainingNeeds?$filter=courseId eq {course.Id}&$expand=agents,sessionProposal");
        var need = Assert.Single(mine.Values());
        Assert.Equal(id, need.GetProperty("id").GetInt32());
        Assert.Equal("Pooled", need.GetProperty("status").GetString());
        Assert.Equal("Proposed", need.GetProperty("sessionProposal").GetProperty("status").GetString());
        Assert.Equal(agents.Select(a => a.Id).Order(), need.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("agentId").GetInt32()).Order());

        // Every need the member reads is its own, compared with the database.
        var all = await member.GetAllPagesAsync("/v1/TrainingNeeds");
        await using var db = fixture.NewDbContext();
        Assert.Equal(await db.TrainingNeeds.CountAsync(n => n.CollectiviteId == NeedsFixture.Member), all.Rows.Count);
        Assert.All(all.Rows, n => Assert.Equal(NeedsFixture.Member, n.GetProperty("collectiviteId").GetInt32()));
    }

    private async Task<int> CountAsync()
    {
        await using var db = fixture.NewDbContext();
        return await db.TrainingNeeds.CountAsync();
    }
}
