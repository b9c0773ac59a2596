using System.Net;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Cnfpt.OpenApi.Api.Tests.Enrolments;

/// <summary>Seats are never overbooked, whatever the concurrency; the waitlist keeps arrival order.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed class CapacityTests(EnrolmentFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ThousandConcurrentPosts_OnATwentySeatSession_AcceptExactlyTwenty_AndWaitlistTheRestInOrder()
    {
        var session = await fixture.NewSessionAsync(capacity: 20);
        var agents = await fixture.NewAgentsAsync(1_000);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var answers = await Task.WhenAll(agents.Select(a => EnrolmentFixture.EnrolAsync(client, a.Id, session.Id)));

        output.WriteLine($"1 000 concurrent POSTs in {started.ElapsedMilliseconds} ms");
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Response.StatusCode));
        await using var db = fixture.NewDbContext();
        var rows = await db.Enrolments.Where(e => e.SessionId == session.Id).ToListAsync();
        Assert.Equal(1_000, rows.Count);
        Assert.Equal(20, rows.Count(e => e.Status == EnrolmentStatus.Accepted));
        Assert.Equal(980, rows.Count(e => e.Status == EnrolmentStatus.Waitlisted));
        var stored = await db.Sessions.SingleAsync(s => s.Id == session.Id);
        Assert.Equal(20, stored.SeatsTaken);
        Assert.Equal(SessionStatus.Full, stored.Status);
        Assert.Equal(1_000, await db.Acknowledgements.CountAsync(a => rows.Select(r => r.Id).Contains(a.EnrolmentId)));
        Assert.All(rows.Where(e => e.Status == EnrolmentStatus.Waitlisted), e => Assert.NotNull(e.WaitlistedAt));

        // Cancelling five accepted enrolments promotes the first five of the waitlist, in arrival order.
        var expectedPromoted = rows.Where(e => e.Status == EnrolmentStatus.Waitlisted).OrderBy(e => e.WaitlistedAt).ThenBy(e => e.Id).Take(5).Select(e => e.Id).ToList();
        foreach (var accepted in rows.Where(e => e.Status == EnrolmentStatus.Accepted).Take(5))
        {
            using var cancel = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/Enrolments({accepted.Id})/Cancel", UriKind.Relative))
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { reason = "Mutation de l'agent" }),
            };
            cancel.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{accepted.Version}\""));
            using var response = await client.SendAsync(cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var after = fixture.NewDbContext();
        var promoted = await after.Enrolments.Where(e => expectedPromoted.Contains(e.Id)).Select(e => e.Status).ToListAsync();
        Assert.All(promoted, s => Assert.Equal(EnrolmentStatus.Accepted, s));
        Assert.Equal(20, await after.Enrolments.CountAsync(e => e.SessionId == session.Id && e.Status == EnrolmentStatus.Accepted));
        Assert.Equal(20, (await after.Sessions.SingleAsync(s => s.Id == session.Id)).SeatsTaken);
        Assert.Equal(5, await after.EnrolmentEvents.CountAsync(e => expectedPromoted.Contains(e.EnrolmentId) && e.ToStatus == EnrolmentStatus.Accepted && e.Actor == "system"));
    }

    [Fact]
    public async Task CancellingWithAnEmptyWaitlist_FreesTheSeat_AndReopensAFullSession()
    {
        var session = await fixture.NewSessionAsync(capacity: 1);
        var agents = await fixture.NewAgentsAsync(1);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);
        var (created, body) = await EnrolmentFixture.EnrolAsync(client, agents[0].Id, session.Id);
        Assert.Equal("Accepted", body.GetProperty("status").GetString());

        using var cancel = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/Enrolments({body.GetProperty("id").GetInt32()})/Cancel", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { reason = "Report" }),
        };
        cancel.Headers.IfMatch.Add(created.Headers.ETag!);
        using var response = await client.SendAsync(cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = fixture.NewDbContext();
        var stored = await db.Sessions.SingleAsync(s => s.Id == session.Id);
        Assert.Equal(0, stored.SeatsTaken);
        Assert.Equal(SessionStatus.OpenForEnrolment, stored.Status);
    }
}
