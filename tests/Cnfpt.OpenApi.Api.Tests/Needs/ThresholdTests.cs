using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cnfpt.OpenApi.Api.Tests.Needs;

/// <summary>The seuil de territorialisation: when pooled needs open a session proposal, and when they stop holding it.</summary>
[Collection(NeedsCollection.Name)]
public sealed class ThresholdTests(NeedsFixture fixture)
{
    [Fact]
    public async Task FourteenTrainees_OpenNothing_TheFifteenthOpensExactlyOneProposal()
    {
        var course = await fixture.NewCourseAsync(15);
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        using var vendor = await fixture.ClientAsync(NeedsFixture.Vendor);
        using var coordinator = await fixture.ClientAsync(NeedsFixture.CoordinatorIt);

        await NeedsFixture.NeedAsync(member, NeedsFixture.Member, course.Id, 7);
        await NeedsFixture.NeedAsync(vendor, NeedsFixture.VendorMember, course.Id, 7);
        Assert.Empty(await fixture.ProposalsAsync(course.Id));

        var fifteenth = await NeedsFixture.NeedAsync(coordinator, NeedsFixture.Coordinator, course.Id, 1);
        var proposal = Assert.Single(await fixture.ProposalsAsync(course.Id));
        Assert.Equal((SessionProposalStatus.Proposed, 15, 15, NeedsFixture.Year), (proposal.Status, proposal.Demand, proposal.Threshold, proposal.Year));
        await using (var db = fixture.NewDbContext())
        {
            var needs = await db.TrainingNeeds.Where(n => n.CourseId == course.Id).ToListAsync();
            Assert.All(needs, n => Assert.Equal((NeedStatus.Pooled, (int?)proposal.Id), (n.Status, n.SessionProposalId)));
        }

        // The need that crossed the threshold says so in its own answer.
        using var read = await coordinator.GetAsync(new Uri($"/v1/TrainingNeeds({fifteenth})", UriKind.Relative));
        var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Pooled", body.GetProperty("status").GetString());

        // More demand joins the open proposal instead of opening another.
        await NeedsFixture.NeedAsync(member, NeedsFixture.Member, course.Id, 3);
        proposal = Assert.Single(await fixture.ProposalsAsync(course.Id));
        Assert.Equal(18, proposal.Demand);
    }

    [Fact]
    public async Task ConcurrentSubmissions_CrossingTheThreshold_OpenExactlyOneProposal()
    {
        var course = await fixture.NewCourseAsync(15);
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        using var vendor = await fixture.ClientAsync(NeedsFixture.Vendor);
        using var coordinator = await fixture.ClientAsync(NeedsFixture.CoordinatorIt);
        (HttpClient Client, int Collectivite)[] submitters = [(member, NeedsFixture.Member), (vendor, NeedsFixture.VendorMember), (coordinator, NeedsFixture.Coordinator)];

        // 24 one-agent needs at once: whichever commits 15th must open the proposal, and no other may open a second.
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 24).Select(async i =>
        {
            await start.WaitAsync();
            var (client, collectivite) = submitters[i % submitters.Length];
            var (response, body) = await NeedsFixture.SubmitAsync(client, new { collectiviteId = collectivite, year = NeedsFixture.Year, courseId = course.Id, agentCount = 1 });
            Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        }).ToList();
        start.Release(tasks.Count);
        await Task.WhenAll(tasks);

        var proposal = Assert.Single(await fixture.ProposalsAsync(course.Id));
        Assert.Equal(SessionProposalStatus.Proposed, proposal.Status);
        await using var db = fixture.NewDbContext();
        // Independent count: every need of the course is pooled into that one proposal, whose demand is their sum.
        var needs = await db.TrainingNeeds.Where(n => n.CourseId == course.Id).ToListAsync();
        Assert.Equal(24, needs.Count);
        Assert.All(needs, n => Assert.Equal(proposal.Id, n.SessionProposalId));
        Assert.Equal(needs.Sum(n => n.AgentCount), proposal.Demand);
    }

    [Fact]
    public async Task TheDatabaseItself_RefusesASecondOpenProposal()
    {
        var course = await fixture.NewCourseAsync(15);
        await using var db = fixture.NewDbContext();
        SessionProposal Open() => new()
        {
            CourseId = course.Id, PerimetreId = fixture.PerimetreId, Year = NeedsFixture.Year, Threshold = 15, Demand = 15,
            Status = SessionProposalStatus.Proposed, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.SessionProposals.Add(Open());
        await db.SaveChangesAsync();
        db.SessionProposals.Add(Open());
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.Equal("ux_session_proposals_open", ((PostgresException)error.InnerException!).ConstraintName);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public async Task AConfiguredTheme_OpensAtItsOwnThreshold(int threshold)
    {
        var course = await fixture.NewCourseAsync(threshold);
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        using var vendor = await fixture.ClientAsync(NeedsFixture.Vendor);

        await NeedsFixture.NeedAsync(member, NeedsFixture.Member, course.Id, threshold - 2);
        await NeedsFixture.NeedAsync(vendor, NeedsFixture.VendorMember, course.Id, 1);
        Assert.Empty(await fixture.ProposalsAsync(course.Id));

        await NeedsFixture.NeedAsync(vendor, NeedsFixture.VendorMember, course.Id, 1);
        var proposal = Assert.Single(await fixture.ProposalsAsync(course.Id));
        Assert.Equal((threshold, threshold), (proposal.Demand, proposal.Threshold));
    }

    [Fact]
    public async Task AWithdrawalBelowTheThreshold_BeforeScheduling_WithdrawsTheProposal()
    {
        var course = await fixture.NewCourseAsync(15);
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        using var vendor = await fixture.ClientAsync(NeedsFixture.Vendor);
        await NeedsFixture.NeedAsync(member, NeedsFixture.Member, course.Id, 10);
        var small = await NeedsFixture.NeedAsync(vendor, NeedsFixture.VendorMember, course.Id, 6);
        Assert.Equal(16, Assert.Single(await fixture.ProposalsAsync(course.Id)).Demand);

        // Only the collectivité's own needs can be withdrawn: 41's client does not see 42's need.
        using var foreign = await member.PostAsync(new Uri($"/v1/TrainingNeeds({small})/Withdraw", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        using var withdrawn = await vendor.PostAsync(new Uri($"/v1/TrainingNeeds({small})/Withdraw", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var proposal = Assert.Single(await fixture.ProposalsAsync(course.Id));
        Assert.Equal((SessionProposalStatus.Withdrawn, 10), (proposal.Status, proposal.Demand));
        await using (var db = fixture.NewDbContext())
        {
            var statuses = await db.TrainingNeeds.Where(n => n.CourseId == course.Id).OrderBy(n => n.Id).Select(n => new { n.Status, n.SessionProposalId }).ToListAsync();
            Assert.Equal([NeedStatus.Submitted, NeedStatus.Withdrawn], statuses.Select(s => s.Status));
            Assert.All(statuses, s => Assert.Null(s.SessionProposalId));
        }

        // Twice is a conflict; new demand reaching the threshold again opens a new proposal.
        using var again = await vendor.PostAsync(new Uri($"/v1/TrainingNeeds({small})/Withdraw", UriKind.Relative), null);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "need-not-withdrawable");
        await NeedsFixture.NeedAsync(vendor, NeedsFixture.VendorMember, course.Id, 5);
        var proposals = await fixture.ProposalsAsync(course.Id);
        Assert.Equal([SessionProposalStatus.Withdrawn, SessionProposalStatus.Proposed], proposals.Select(p => p.Status));
        Assert.Equal(15, proposals[1].Demand);
    }

    [Fact]
    public async Task AWithdrawalThatKeepsTheThreshold_OnlyLowersTheDemand()
    {
        var course = await fixture.NewCourseAsync(15);
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        await NeedsFixture.NeedAsync(member, NeedsFixture.Member, course.Id, 15);
        var extra = await NeedsFixture.NeedAsync(member, NeedsFixture.Member, course.Id, 2);
        using var withdrawn = await member.PostAsync(new Uri($"/v1/TrainingNeeds({extra})/Withdraw", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var proposal = Assert.Single(await fixture.ProposalsAsync(course.Id));
        Assert.Equal((SessionProposalStatus.Proposed, 15), (proposal.Status, proposal.Demand));
    }

    [Fact]
    public async Task Scheduling_CreatesASessionReservedToThePerimetre_AndEnrolsTheNamedAgents()
    {
        var course = await fixture.NewCourseAsync(15);
        var named = await fixture.NewAgentsAsync(NeedsFixture.Member, 5);
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        using var vendor = await fixture.ClientAsync(NeedsFixture.Vendor);
        using var backOffice = await fixture.ClientAsync(NeedsFixture.BackOffice);
        var (created, body) = await NeedsFixture.SubmitAsync(member, new
        {
            collectiviteId = NeedsFixture.Member, year = NeedsFixture.Year, courseId = course.Id, agentIds = named.Select(a => a.Id).ToArray(),
            priority = "High", preferredPeriod = $"{NeedsFixture.Year}-Q1", preferredCommuneCode = "59350",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Equal(5, body.GetProperty("agentCount").GetInt32());
        var countOnly = await NeedsFixture.NeedAsync(vendor, NeedsFixture.VendorMember, course.Id, 10);
        var proposal = Assert.Single(await fixture.ProposalsAsync(course.Id));
        Assert.Equal(($"{NeedsFixture.Year}-Q1", "59350"), (proposal.SuggestedPeriod, proposal.SuggestedCommuneCode));

        var startDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60);
        using var scheduled = await backOffice.PostAsJsonAsync(new Uri($"/v1/SessionProposals({proposal.Id})/Schedule", UriKind.Relative),
            new { startDate = startDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), capacity = 16 });
        var answer = JsonDocument.Parse(await scheduled.Content.ReadAsStringAsync()).RootElement;
        Assert.True(scheduled.StatusCode == HttpStatusCode.OK, answer.ToString());
        Assert.Equal("Scheduled", answer.GetProperty("status").GetString());
        var sessionId = answer.GetProperty("scheduledSessionId").GetInt32();

        await using var db = fixture.NewDbContext();
        var session = await db.Sessions.SingleAsync(s => s.Id == sessionId);
        Assert.Equal((course.Id, (int?)fixture.PerimetreId, startDate, startDate.AddDays(1), 16, "59350"),
            (session.CourseId, session.PerimetreId, session.StartDate, session.EndDate, session.Capacity, session.CommuneCode));
        var enrolled = await db.Enrolments.Where(e => e.SessionId == sessionId).Select(e => new { e.AgentId, e.Status, e.CollectiviteId }).ToListAsync();
        Assert.Equal(named.Select(a => a.Id).Order(), enrolled.Select(e => e.AgentId).Order());
        Assert.All(enrolled, e => Assert.Equal((EnrolmentStatus.Accepted, NeedsFixture.Member), (e.Status, e.CollectiviteId)));
        Assert.Equal(5, session.SeatsTaken);
        Assert.True(await db.Acknowledgements.CountAsync(a => a.Enrolment!.SessionId == sessionId) == 5, "each pre-registration has its AR");
        Assert.All(await db.TrainingNeeds.Where(n => n.CourseId == course.Id).ToListAsync(), n => Assert.Equal(NeedStatus.Scheduled, n.Status));

        // Scheduled needs stay; the proposal cannot be scheduled twice.
        using var withdraw = await vendor.PostAsync(new Uri($"/v1/TrainingNeeds({countOnly})/Withdraw", UriKind.Relative), null);
        await withdraw.AssertProblemAsync(HttpStatusCode.Conflict, "need-not-withdrawable");
        using var twice = await backOffice.PostAsJsonAsync(new Uri($"/v1/SessionProposals({proposal.Id})/Schedule", UriKind.Relative), new { startDate = startDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "proposal-not-open");
    }

    [Fact]
    public async Task Declining_NeedsAReason_AndClosesTheNeeds()
    {
        var course = await fixture.NewCourseAsync(15);
        using var member = await fixture.ClientAsync(NeedsFixture.MemberIt);
        using var backOffice = await fixture.ClientAsync(NeedsFixture.BackOffice);
        await NeedsFixture.NeedAsync(member, NeedsFixture.Member, course.Id, 15);
        var proposal = Assert.Single(await fixture.ProposalsAsync(course.Id));

        using var noReason = await backOffice.PostAsJsonAsync(new Uri($"/v1/SessionProposals({proposal.Id})/Decline", UriKind.Relative), new { reason = " " });
        await noReason.AssertProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        Assert.Equal(SessionProposalStatus.Proposed, Assert.Single(await fixture.ProposalsAsync(course.Id)).Status);

        using var declined = await backOffice.PostAsJsonAsync(new Uri($"/v1/SessionProposals({proposal.Id})/Decline", UriKind.Relative), new { reason = "Session régionale déjà programmée à Lille en mars" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        proposal = Assert.Single(await fixture.ProposalsAsync(course.Id));
        Assert.Equal((SessionProposalStatus.Declined, "Session régionale déjà programmée à Lille en mars"), (proposal.Status, proposal.DeclineReason));
        await using var db = fixture.NewDbContext();
        Assert.Equal(NeedStatus.Declined, (await db.TrainingNeeds.SingleAsync(n => n.CourseId == course.Id)).Status);

        // Collectivités cannot decide on proposals.
        using var forbidden = await member.PostAsJsonAsync(new Uri($"/v1/SessionProposals({proposal.Id})/Decline", UriKind.Relative), new { reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
