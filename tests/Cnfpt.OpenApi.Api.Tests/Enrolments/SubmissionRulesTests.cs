using System.Net;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Enrolments;

/// <summary>What a bulletin is checked against, each refusal a problem with its code, and nothing written.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed class SubmissionRulesTests(EnrolmentFixture fixture)
{
    [Fact]
    public async Task AgentOfAnotherCollectivite_IsUnknown()
    {
        var session = await fixture.NewSessionAsync(capacity: 5);
        var stranger = (await fixture.NewAgentsAsync(1, collectivite: EnrolmentFixture.OtherCollectivite))[0];
        using var client = await fixture.ClientAsync(EnrolmentFixture.Vendor);

        var (response, _) = await EnrolmentFixture.EnrolAsync(client, stranger.Id, session.Id);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "agent-not-found");
        await AssertNothingWrittenAsync(session.Id);
    }

    [Theory]
    [InlineData(SessionStatus.Planned)]
    [InlineData(SessionStatus.Cancelled)]
    [InlineData(SessionStatus.Completed)]
    public async Task SessionNotOpen_Is409(SessionStatus status)
    {
        var session = await fixture.NewSessionAsync(capacity: 5, status: status);
        var agent = (await fixture.NewAgentsAsync(1))[0];
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var (response, _) = await EnrolmentFixture.EnrolAsync(client, agent.Id, session.Id);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "session-not-open");
        await AssertNothingWrittenAsync(session.Id);
    }

    [Fact]
    public async Task CategorieNotTargeted_Is422()
    {
        var session = await fixture.NewSessionAsync(capacity: 5, categories: TargetCategories.A);
        var agent = (await fixture.NewAgentsAsync(1, AgentCategory.C))[0];
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var (response, _) = await EnrolmentFixture.EnrolAsync(client, agent.Id, session.Id);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "category-not-targeted");
    }

    [Fact]
    public async Task SecondLiveEnrolment_AndOverlappingDates_Are409()
    {
        var first = await fixture.NewSessionAsync(capacity: 5, startsInDays: 40, lengthDays: 3);
        var overlapping = await fixture.NewSessionAsync(capacity: 5, startsInDays: 41, lengthDays: 2);
        var agent = (await fixture.NewAgentsAsync(1))[0];
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);
        Assert.Equal(HttpStatusCode.Created, (await EnrolmentFixture.EnrolAsync(client, agent.Id, first.Id)).Response.StatusCode);

        var (again, _) = await EnrolmentFixture.EnrolAsync(client, agent.Id, first.Id);
        var (overlap, _) = await EnrolmentFixture.EnrolAsync(client, agent.Id, overlapping.Id);

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "already-enrolled");
        var problem = await overlap.AssertProblemAsync(HttpStatusCode.Conflict, "overlapping-enrolment");
        Assert.True(problem.GetProperty("errors").TryGetProperty("sessionId", out _));
        await AssertNothingWrittenAsync(overlapping.Id);
    }

    [Fact]
    public async Task MissingMotive_Is400_NamingTheField()
    {
        var session = await fixture.NewSessionAsync(capacity: 5);
        var agent = (await fixture.NewAgentsAsync(1))[0];
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var (response, _) = await EnrolmentFixture.EnrolAsync(client, agent.Id, session.Id, motive: " ");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("motive", out _));
    }

    [Fact]
    public async Task FullSession_Waitlists_WithItsAr()
    {
        var session = await fixture.NewSessionAsync(capacity: 1);
        var agents = await fixture.NewAgentsAsync(2);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var (_, first) = await EnrolmentFixture.EnrolAsync(client, agents[0].Id, session.Id);
        var (second, body) = await EnrolmentFixture.EnrolAsync(client, agents[1].Id, session.Id);

        Assert.Equal("Accepted", first.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("Waitlisted", body.GetProperty("status").GetString());
        Assert.EndsWith($"/v1/Enrolments({body.GetProperty("id").GetInt32()})", second.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private async Task AssertNothingWrittenAsync(int sessionId)
    {
        await using var db = fixture.NewDbContext();
        Assert.False(await db.Enrolments.AnyAsync(e => e.SessionId == sessionId));
        Assert.Equal(0, (await db.Sessions.SingleAsync(s => s.Id == sessionId)).SeatsTaken);
    }
}
