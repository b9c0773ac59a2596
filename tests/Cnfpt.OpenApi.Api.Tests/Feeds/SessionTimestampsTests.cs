using System.Globalization;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Feeds;

/// <summary>
/// The DbContext keeps Session.CreatedAt and UpdatedAt (on PostgreSQL, as in production); OData exposes them so that
/// an HR suite can sync the changes since its last run with <c>$filter=updatedAt gt …</c>.
/// </summary>
[Collection(FeedsCollection.Name)]
public sealed class SessionTimestampsTests(FeedsFixture fixture)
{
    [Fact]
    public async Task Insert_StampsCreatedAndUpdatedWithNow_AsStored()
    {
        var theme = await fixture.NewThemeAsync();
        var course = await fixture.NewCourseAsync(theme.Id);
        var before = DateTimeOffset.UtcNow;

        var session = await fixture.NewSessionAsync(course.Id);

        var after = DateTimeOffset.UtcNow;
        Assert.InRange(session.CreatedAt, before.AddMilliseconds(-1), after);
        Assert.Equal(session.CreatedAt, session.UpdatedAt);
        await using var db = fixture.NewDbContext();
        var stored = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == session.Id);
        Assert.Equal(session.CreatedAt, stored.CreatedAt); // microseconds, as PostgreSQL keeps them
        Assert.Equal(session.UpdatedAt, stored.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, stored.UpdatedAt.Offset);
    }

    [Fact]
    public async Task Insert_KeepsTimestampsItIsGiven_ForImportsAndTheSeeder()
    {
        var theme = await fixture.NewThemeAsync();
        var course = await fixture.NewCourseAsync(theme.Id);
        var published = new DateTimeOffset(2026, 5, 4, 9, 30, 0, TimeSpan.Zero);
        await using var db = fixture.NewDbContext();
        var session = new Session
        {
            CourseId = course.Id, DelegationId = 1, CommuneCode = "59350", Venue = "Salle importée", StartDate = new DateOnly(2027, 1, 4), EndDate = new DateOnly(2027, 1, 5),
            Capacity = 10, Status = SessionStatus.Planned, CreatedAt = published,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync();

        var stored = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == session.Id);
        Assert.Equal(published, stored.CreatedAt);
        Assert.Equal(published, stored.UpdatedAt);
    }

    [Fact]
    public async Task Update_MovesUpdatedAt_ButNotCreatedAt()
    {
        var theme = await fixture.NewThemeAsync();
        var session = await fixture.NewSessionAsync((await fixture.NewCourseAsync(theme.Id)).Id);

        await using var db = fixture.NewDbContext();
        var tracked = await db.Sessions.SingleAsync(s => s.Id == session.Id);
        tracked.Status = SessionStatus.Cancelled;
        var before = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync();

        var stored = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == session.Id);
        Assert.Equal(session.CreatedAt, stored.CreatedAt);
        Assert.True(stored.UpdatedAt > session.UpdatedAt);
        Assert.InRange(stored.UpdatedAt, before.AddMilliseconds(-1), DateTimeOffset.UtcNow);
        Assert.Equal(tracked.UpdatedAt, stored.UpdatedAt);
    }

    [Fact]
    public async Task Update_OfTheSeatCounterOnly_LeavesUpdatedAt()
    {
        var theme = await fixture.NewThemeAsync();
        var session = await fixture.NewSessionAsync((await fixture.NewCourseAsync(theme.Id)).Id);

        await using var db = fixture.NewDbContext();
        var tracked = await db.Sessions.SingleAsync(s => s.Id == session.Id);
        tracked.SeatsTaken = 4;
        await db.SaveChangesAsync();

        var stored = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == session.Id);
        Assert.Equal(4, stored.SeatsTaken);
        Assert.Equal(session.UpdatedAt, stored.UpdatedAt);
    }

    [Fact]
    public async Task SeededSessions_HaveAHistory_PublishedBeforeTheyStart_ChangedAfterPublication()
    {
        await using var db = fixture.NewDbContext();
        var seeded = await db.Sessions.AsNoTracking().Where(s => s.Venue != "Salle des flux" && s.Id <= 1_500)
            .Select(s => new { s.StartDate, s.CreatedAt, s.UpdatedAt }).ToListAsync();
        var today = new DateTimeOffset(TestDatabase.Seed.ReferenceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        Assert.Equal(1_500, seeded.Count);
        Assert.All(seeded, s =>
        {
            Assert.True(s.CreatedAt < today && s.UpdatedAt < today, "seeded history ends before the reference date");
            Assert.True(s.UpdatedAt >= s.CreatedAt);
            Assert.True(DateOnly.FromDateTime(s.CreatedAt.UtcDateTime) < s.StartDate);
        });
        var changed = seeded.Count(s => s.UpdatedAt > s.CreatedAt);
        Assert.InRange(changed, 300, 700); // about one in three
        Assert.True(seeded.Select(s => s.UpdatedAt).Distinct().Count() > 1_400, "distinct instants: a feed's order is meaningful");
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task OData_FiltersAndSortsOnUpdatedAt_ForDeltaSync(string version)
    {
        var theme = await fixture.NewThemeAsync();
        var course = await fixture.NewCourseAsync(theme.Id);
        var old = await fixture.NewSessionAsync(course.Id);
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(10);
        var fresh = await fixture.NewSessionAsync(course.Id);
        var changed = await fixture.ChangeVenueAsync(old.Id);
        var literal = since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

        var page = await fixture.Client.GetJsonAsync($"/{version}/Sessions?$filter=courseId eq {course.Id} and updatedAt gt {literal}&$orderby=updatedAt desc&$select=id,createdAt,updatedAt");

        var rows = page.Values().ToList();
        Assert.Equal([old.Id, fresh.Id], rows.Select(r => r.GetProperty("id").GetInt32()));
        Assert.Equal(changed.UpdatedAt, rows[0].GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal(old.CreatedAt, rows[0].GetProperty("createdAt").GetDateTimeOffset());
    }
}
