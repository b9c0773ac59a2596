using System.Net;
using System.Xml.Linq;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Feeds;

/// <summary>
/// A seeded database and the API over it. Each test makes its own theme, délégation, courses and sessions (through
/// the DbContext, so that it stamps them as in production), so that a feed's expected items are known exactly.
/// </summary>
public sealed class FeedsFixture : IAsyncLifetime
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private string _connectionString = "";
    private int _next;

    public ApiFactory Api { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string ConnectionString => _connectionString;

    public CnfptDbContext NewDbContext() => TestDatabase.NewContext(_connectionString);

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync("cnfpt_feeds", seed: true);
        Api = new ApiFactory(_connectionString);
        Client = Api.CreateClient();
    }

    public int Next() => Interlocked.Increment(ref _next);

    /// <summary>A theme of our own, so that its feed holds only the sessions a test makes.</summary>
    public async Task<Theme> NewThemeAsync()
    {
        await using var db = NewDbContext();
        var theme = new Theme { Code = $"TFEED-{Next():000}", Name = $"Thème de test {_next}", DomainId = 1 };
        db.Themes.Add(theme);
        await db.SaveChangesAsync();
        return theme;
    }

    /// <summary>A délégation of our own in a région (its main site in <paramref name="communeCode"/>).</summary>
    public async Task<Delegation> NewDelegationAsync(string regionCode = "32", string communeCode = "59350")
    {
        await using var db = NewDbContext();
        var delegation = new Delegation { Code = $"TDLG-{Next():000}", Name = $"Délégation de test {_next}", Kind = DelegationKind.Regionale, RegionCode = regionCode, CommuneCode = communeCode };
        db.Delegations.Add(delegation);
        await db.SaveChangesAsync();
        return delegation;
    }

    public async Task<Course> NewCourseAsync(int themeId, Modality modality = Modality.Presentiel, PaidReason? paid = null, decimal? price = null)
    {
        await using var db = NewDbContext();
        var n = Next();
        var course = new Course
        {
            Code = $"TFEED{n:000}", Title = $"Formation suivie par flux {n}", Description = "Pour les tests des flux.", ThemeId = themeId,
            Modality = modality, DurationDays = 2, TargetCategories = TargetCategories.All,
            Funding = paid is null ? Funding.Cotisation : Funding.Paid, PaidReason = paid, PricePerTrainee = price,
        };
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        return course;
    }

    /// <summary>A session saved through the DbContext, which stamps CreatedAt and UpdatedAt.</summary>
    public async Task<Session> NewSessionAsync(int courseId, int delegationId = 1, string communeCode = "59350", SessionStatus status = SessionStatus.OpenForEnrolment, int capacity = 20, int seatsTaken = 0)
    {
        await using var db = NewDbContext();
        var start = new DateOnly(2027, 3, 1).AddDays(Next());
        var session = new Session
        {
            CourseId = courseId, DelegationId = delegationId, CommuneCode = communeCode, Venue = "Salle des flux",
            StartDate = start, EndDate = start.AddDays(1), Capacity = capacity, SeatsTaken = seatsTaken, Status = status,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session;
    }

    /// <summary>Changes a session's venue through the DbContext (an update it stamps); returns the session as saved.</summary>
    public async Task<Session> ChangeVenueAsync(int sessionId)
    {
        await using var db = NewDbContext();
        var session = await db.Sessions.SingleAsync(s => s.Id == sessionId);
        session.Venue = $"Salle déplacée {Next()}";
        await db.SaveChangesAsync();
        return session;
    }

    /// <summary>GETs a feed, asserts a 200, and parses it.</summary>
    public async Task<(HttpResponseMessage Response, XDocument Xml)> GetFeedAsync(string url)
    {
        var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return (response, XDocument.Parse(body));
    }

    /// <summary>The session ids of a feed's items, in document order (read from each item's link to /v2/Sessions(id)).</summary>
    public static List<int> SessionIds(XDocument feed)
    {
        var links = feed.Root!.Name == Atom + "feed"
            ? feed.Root.Elements(Atom + "entry").Select(e => e.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!.Value)
            : feed.Root.Element("channel")!.Elements("item").Select(i => i.Element("link")!.Value);
        return [.. links.Select(href =>
        {
            var key = href[(href.LastIndexOf('(') + 1)..^1];
            return int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
        })];
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class FeedsCollection : ICollectionFixture<FeedsFixture>
{
    public const string Name = "Session feeds on PostgreSQL";
}
