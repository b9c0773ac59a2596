using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Enrolments;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Enrolments;

/// <summary>Every transition of the state machine over HTTP, valid and invalid, with its ETag rules.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed class LifecycleTests(EnrolmentFixture fixture)
{
    public static TheoryData<EnrolmentStatus, string> EveryStatusAndAction()
    {
        var data = new TheoryData<EnrolmentStatus, string>();
        foreach (var status in Enum.GetValues<EnrolmentStatus>())
        {
            foreach (var action in new[] { "Accept", "Refuse", "Cancel", "MarkAttended", "MarkAbsent" })
            {
                data.Add(status, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public async Task Action_MovesTheEnrolment_ExactlyAsTheStateMachineSays(EnrolmentStatus from, string action)
    {
        var transition = Enum.Parse<EnrolmentTransition>(action);
        var allowed = EnrolmentStateMachine.TryMove(from, transition, out var to);
        // Dates that satisfy the date rule of the action: cancel before the start, attendance from the start.
        var startsIn = transition is EnrolmentTransition.MarkAttended or EnrolmentTransition.MarkAbsent ? -1 : 10;
        var enrolment = await EnrolmentInAsync(from, startsIn);
        using var client = await fixture.ClientAsync(EnrolmentFixture.BackOffice);

        using var response = await ActAsync(client, enrolment, action, $"\"{enrolment.Version}\"");

        var body = await response.Content.ReadAsStringAsync();
        if (allowed)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.Equal(to.ToString(), JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
            Assert.Equal($"\"{enrolment.Version + 1}\"", response.Headers.ETag!.Tag);
            await using var db = fixture.NewDbContext();
            var last = await db.EnrolmentEvents.Where(e => e.EnrolmentId == enrolment.Id).OrderByDescending(e => e.Id).FirstAsync();
            Assert.Equal((from, to, EnrolmentFixture.BackOffice), (last.FromStatus!.Value, last.ToStatus, last.Actor));
        }
        else
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "invalid-transition");
            Assert.Contains(from.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            await using var db = fixture.NewDbContext();
            Assert.Equal(from, (await db.Enrolments.SingleAsync(e => e.Id == enrolment.Id)).Status);
        }
    }

    [Fact]
    public async Task Action_WithoutIfMatch_Is428_AndWithAStaleOne_Is412_AndChangesNothing()
    {
        var enrolment = await EnrolmentInAsync(EnrolmentStatus.Accepted, 10);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        using var missing = await ActAsync(client, enrolment, "Cancel", null);
        using var stale = await ActAsync(client, enrolment, "Cancel", $"\"{enrolment.Version - 1}\"");
        using var garbage = await ActAsync(client, enrolment, "Cancel", "\"abc\"");

        await missing.AssertProblemAsync(HttpStatusCode.PreconditionRequired, "precondition-required");
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        await garbage.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        await using var db = fixture.NewDbContext();
        Assert.Equal(EnrolmentStatus.Accepted, (await db.Enrolments.SingleAsync(e => e.Id == enrolment.Id)).Status);
    }

    [Fact]
    public async Task Cancel_AfterTheSessionStarted_Is409_AndNeedsAReason()
    {
        var started = await EnrolmentInAsync(EnrolmentStatus.Accepted, -1);
        var future = await EnrolmentInAsync(EnrolmentStatus.Accepted, 10);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        using var late = await ActAsync(client, started, "Cancel", "*");
        using var silent = await ActAsync(client, future, "Cancel", "*", reason: null);

        await late.AssertProblemAsync(HttpStatusCode.Conflict, "session-started");
        await silent.AssertProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task Attendance_BeforeTheSessionStarts_Is409()
    {
        var enrolment = await EnrolmentInAsync(EnrolmentStatus.Accepted, 10);
        using var client = await fixture.ClientAsync(EnrolmentFixture.BackOffice);

        using var response = await ActAsync(client, enrolment, "MarkAttended", "*");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "session-not-started");
    }

    [Fact]
    public async Task Get_GivesTheETag_AndTheEventsTellTheStory()
    {
        var session = await fixture.NewSessionAsync(capacity: 5);
        var agent = (await fixture.NewAgentsAsync(1))[0];
        using var client = await fixture.ClientAsync(EnrolmentFixture.Vendor);
        var (created, body) = await EnrolmentFixture.EnrolAsync(client, agent.Id, session.Id);
        var id = body.GetProperty("id").GetInt32();

        using var read = await client.GetAsync(new Uri($"/v1/Enrolments({id})", UriKind.Relative));
        var events = await client.GetJsonAsync($"/v1/Enrolments({id})/Events");
        var ack = await client.GetJsonAsync($"/v1/Enrolments({id})/Acknowledgement");

        Assert.Equal(created.Headers.ETag, read.Headers.ETag);
        Assert.Equal(["Submitted", "Acknowledged", "Accepted"], events.Values().Select(e => e.GetProperty("toStatus").GetString()));
        Assert.Equal([EnrolmentFixture.Vendor, "system", "system"], events.Values().Select(e => e.GetProperty("actor").GetString()));
        Assert.Matches(@"^AR-\d{4}-\d{6,}$", ack.GetProperty("number").GetString());
        using var content = JsonDocument.Parse(ack.GetProperty("content").GetString()!);
        Assert.Equal(agent.EmployerReference, content.RootElement.GetProperty("agent").GetProperty("employerReference").GetString());
    }

    [Fact]
    public async Task AnotherTenantsEnrolment_DoesNotExist_ForTheCaller()
    {
        var enrolment = await EnrolmentInAsync(EnrolmentStatus.Accepted, 10);
        using var other = await fixture.ClientAsync(EnrolmentFixture.OtherVendor);

        using var read = await other.GetAsync(new Uri($"/v1/Enrolments({enrolment.Id})", UriKind.Relative));
        using var cancel = await ActAsync(other, enrolment, "Cancel", "*");

        await read.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await cancel.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    private async Task<Enrolment> EnrolmentInAsync(EnrolmentStatus status, int sessionStartsInDays)
    {
        var session = await fixture.NewSessionAsync(capacity: 10, startsInDays: sessionStartsInDays);
        var agent = (await fixture.NewAgentsAsync(1))[0];
        await using var db = fixture.NewDbContext();
        var enrolment = new Enrolment
        {
            CollectiviteId = agent.CollectiviteId, AgentId = agent.Id, SessionId = session.Id, Status = status, Motive = "Test",
            SubmittedAt = DateTimeOffset.UtcNow, SubmittedBy = "test", UpdatedAt = DateTimeOffset.UtcNow,
            WaitlistedAt = status == EnrolmentStatus.Waitlisted ? DateTimeOffset.UtcNow : null,
        };
        db.Enrolments.Add(enrolment);
        if (EnrolmentStateMachine.HoldsSeat(status))
        {
            await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, 1));
        }

        await db.SaveChangesAsync();
        return enrolment;
    }

    private static async Task<HttpResponseMessage> ActAsync(HttpClient client, Enrolment enrolment, string action, string? ifMatch, string? reason = "Raison du test")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/Enrolments({enrolment.Id})/{action}", UriKind.Relative))
        {
            Content = JsonContent.Create(reason is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["reason"] = reason }),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }
}
