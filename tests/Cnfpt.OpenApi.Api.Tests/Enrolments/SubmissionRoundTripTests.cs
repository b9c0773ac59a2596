using System.Globalization;
using System.Net;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Enrolments;
using Cnfpt.OpenApi.Core.Rules;
using Cnfpt.OpenApi.Core.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Enrolments;

/// <summary>
/// A submission writes the bulletin, its events and its AR in one SaveChanges after the seat is taken (PostgreSQL
/// draws the id first; SQLite inserts then updates): the outcome must be the same as it always was on both providers.
/// </summary>
[Collection(EnrolmentCollection.Name)]
public sealed class SubmissionRoundTripTests(EnrolmentFixture fixture)
{
    [Fact]
    public async Task Accepted_HasItsId_ArNumberedAfterIt_ThreeOrderedEvents_AndVersionTwo()
    {
        var session = await fixture.NewSessionAsync(capacity: 3, startsInDays: 80);
        var agent = (await fixture.NewAgentsAsync(1))[0];
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);

        var (response, body) = await EnrolmentFixture.EnrolAsync(client, agent.Id, session.Id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal("Accepted", body.GetProperty("status").GetString());
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        Assert.EndsWith($"Enrolments({id})", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        await using var db = fixture.NewDbContext();
        var stored = await db.Enrolments.Include(e => e.Events).SingleAsync(e => e.Id == id);
        Assert.Equal(2, stored.Version);
        Assert.Equal(
            [EnrolmentStatus.Submitted, EnrolmentStatus.Acknowledged, EnrolmentStatus.Accepted],
            stored.Events.OrderBy(e => e.Id).Select(e => e.ToStatus));
        var ack = await db.Acknowledgements.SingleAsync(a => a.EnrolmentId == id);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"AR-{ack.IssuedAt.Year}-{id:000000}"), ack.Number);
        Assert.Equal(1, (await db.Sessions.SingleAsync(s => s.Id == session.Id)).SeatsTaken);

        // The id came from the identity sequence: an enrolment inserted the ordinary way comes after it.
        var next = (await fixture.NewAgentsAsync(1))[0];
        var (_, later) = await EnrolmentFixture.EnrolAsync(client, next.Id, session.Id);
        Assert.True(later.GetProperty("id").GetInt32() > id);
    }

    [Fact]
    public async Task FullSession_Waitlists_WithItsArAndEvents_AndTakesNoSeat()
    {
        var session = await fixture.NewSessionAsync(capacity: 1, startsInDays: 81);
        var agents = await fixture.NewAgentsAsync(2);
        using var client = await fixture.ClientAsync(EnrolmentFixture.It);
        await EnrolmentFixture.EnrolAsync(client, agents[0].Id, session.Id);

        var (response, body) = await EnrolmentFixture.EnrolAsync(client, agents[1].Id, session.Id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Waitlisted", body.GetProperty("status").GetString());
        var id = body.GetProperty("id").GetInt32();
        await using var db = fixture.NewDbContext();
        var stored = await db.Enrolments.Include(e => e.Events).SingleAsync(e => e.Id == id);
        Assert.NotNull(stored.WaitlistedAt);
        Assert.Equal(
            [EnrolmentStatus.Submitted, EnrolmentStatus.Acknowledged, EnrolmentStatus.Waitlisted],
            stored.Events.OrderBy(e => e.Id).Select(e => e.ToStatus));
        Assert.True(await db.Acknowledgements.AnyAsync(a => a.EnrolmentId == id));
        Assert.Equal(1, (await db.Sessions.SingleAsync(s => s.Id == session.Id)).SeatsTaken);
    }

    [Fact]
    public async Task Submit_LeavesTheContextsSavepointSetting_AsItFoundIt_EvenWhenRefused()
    {
        var session = await fixture.NewSessionAsync(capacity: 2, startsInDays: 82);
        var agent = (await fixture.NewAgentsAsync(1))[0];
        await using var db = fixture.NewDbContext();
        var workflow = new EnrolmentWorkflow(db, TimeProvider.System);
        var request = new EnrolmentRequest(agent.Id, session.Id, "Adaptation au poste", null, null);

        var enrolment = await workflow.SubmitAsync(request, "test");
        Assert.True(db.Database.AutoSavepointsEnabled);
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => workflow.SubmitAsync(request, "test"));

        Assert.Equal("already-enrolled", refused.Code);
        Assert.True(db.Database.AutoSavepointsEnabled);
        Assert.Equal(EnrolmentStatus.Accepted, enrolment.Status);
    }

    [Fact]
    public async Task OnSqlite_ASubmissionStillWritesBulletinEventsArAndSeat()
    {
        var directory = Directory.CreateTempSubdirectory("cnfpt-workflow-");
        var connectionString = $"Data Source={Path.Combine(directory.FullName, "workflow.db")}";
        try
        {
            var options = new DbContextOptionsBuilder<CnfptDbContext>();
            CnfptDatabase.Configure(options, connectionString);
            await using var db = new CnfptDbContext(options.Options) { Tenant = TenantScope.All };
            await db.Database.EnsureCreatedAsync();
            await Seeder.SeedAsync(db, new SeedOptions { Seed = 7, Scale = 1 });
            db.ChangeTracker.Clear();
            var course = await db.Courses.OrderBy(c => c.Id).FirstAsync(c => c.TargetCategories == TargetCategories.All);
            var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(40);
            var session = new Session
            {
                CourseId = course.Id, DelegationId = 1, CommuneCode = "59350", Venue = "Salle de test", StartDate = start,
                EndDate = start, Capacity = 1, Status = SessionStatus.OpenForEnrolment,
            };
            db.Sessions.Add(session);
            var collectivite = await db.Collectivites.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            var newAgents = Enumerable.Range(0, 2).Select(i => new Agent
            {
                CollectiviteId = collectivite, EmployerReference = $"SQLITE{i}", LastName = "Testeur", FirstName = "Camille",
                Category = AgentCategory.C, Status = AgentStatus.Titulaire, CadreEmplois = "Adjoint administratif territorial",
                AppointmentDate = new DateOnly(2020, 1, 1), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            }).ToList();
            db.Agents.AddRange(newAgents);
            await db.SaveChangesAsync();
            var agents = newAgents.Select(a => a.Id).ToList();
            db.ChangeTracker.Clear();
            var workflow = new EnrolmentWorkflow(db, TimeProvider.System);

            var accepted = await workflow.SubmitAsync(new EnrolmentRequest(agents[0], session.Id, "Prise de poste", null, null), "test");
            var waitlisted = await workflow.SubmitAsync(new EnrolmentRequest(agents[1], session.Id, "Prise de poste", null, null), "test");

            Assert.Equal(EnrolmentStatus.Accepted, accepted.Status);
            Assert.Equal(EnrolmentStatus.Waitlisted, waitlisted.Status);
            Assert.Equal(2, accepted.Version);
            Assert.Equal(2, waitlisted.Version);
            db.ChangeTracker.Clear();
            Assert.Equal(3, await db.EnrolmentEvents.CountAsync(e => e.EnrolmentId == accepted.Id));
            var ack = await db.Acknowledgements.SingleAsync(a => a.EnrolmentId == accepted.Id);
            Assert.EndsWith(accepted.Id.ToString("000000", CultureInfo.InvariantCulture), ack.Number, StringComparison.Ordinal);
            Assert.Equal(1, (await db.Sessions.SingleAsync(s => s.Id == session.Id)).SeatsTaken);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
