using System.Globalization;
using System.Xml.Linq;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Feeds;

/// <summary>Which sessions each feed carries, in which order, and what an item says about its session.</summary>
[Collection(FeedsCollection.Name)]
public sealed class FeedContentTests(FeedsFixture fixture)
{
    private static readonly XNamespace Atom = FeedsFixture.Atom;

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public async Task ThemeFeed_HoldsExactlyTheThemesSessions_NewestChangeFirst(string format)
    {
        var theme = await fixture.NewThemeAsync();
        var other = await fixture.NewThemeAsync();
        var course = await fixture.NewCourseAsync(theme.Id);
        var elsewhere = await fixture.NewCourseAsync(other.Id);
        var first = await fixture.NewSessionAsync(course.Id);
        var second = await fixture.NewSessionAsync(course.Id, delegationId: 2);
        await fixture.NewSessionAsync(elsewhere.Id);
        var third = await fixture.NewSessionAsync(course.Id, status: SessionStatus.Planned);

        var (_, byCode) = await fixture.GetFeedAsync($"/feeds/sessions.{format}?theme={theme.Code}");
        var (_, byId) = await fixture.GetFeedAsync($"/feeds/sessions.{format}?theme={theme.Id}");

        Assert.Equal([third.Id, second.Id, first.Id], FeedsFixture.SessionIds(byCode));
        Assert.Equal([third.Id, second.Id, first.Id], FeedsFixture.SessionIds(byId));
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public async Task ChangedSession_MovesToTheTop_AsANewItemWithItsNewUpdatedTime(string format)
    {
        var theme = await fixture.NewThemeAsync();
        var course = await fixture.NewCourseAsync(theme.Id);
        var first = await fixture.NewSessionAsync(course.Id);
        var second = await fixture.NewSessionAsync(course.Id);
        var url = $"/feeds/sessions.{format}?theme={theme.Code}";
        var (_, before) = await fixture.GetFeedAsync(url);
        Assert.Equal([second.Id, first.Id], FeedsFixture.SessionIds(before));
        var oldId = ItemIds(before)[1];

        var changed = await fixture.ChangeVenueAsync(first.Id);
        var (_, after) = await fixture.GetFeedAsync(url);

        Assert.True(changed.UpdatedAt > first.UpdatedAt, "the DbContext moves UpdatedAt on an update");
        Assert.Equal(first.CreatedAt, changed.CreatedAt);
        Assert.Equal([first.Id, second.Id], FeedsFixture.SessionIds(after));
        var newId = ItemIds(after)[0];
        Assert.NotEqual(oldId, newId); // a reader sees the change as a new item
        Assert.DoesNotContain(oldId, ItemIds(after));
        Assert.Contains(first.Id.ToString(CultureInfo.InvariantCulture), newId, StringComparison.Ordinal);
        Assert.Equal(Seconds(changed.UpdatedAt), Seconds(Updated(after, 0)));
        Assert.Contains(changed.Venue, Summary(after, 0), StringComparison.Ordinal);
        Assert.Equal(ItemIds(before)[0], ItemIds(after)[1]); // the unchanged session keeps its identity
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public async Task DelegationFeed_HoldsExactlyItsSessions_ByIdOrCaseInsensitiveCode(string format)
    {
        var delegation = await fixture.NewDelegationAsync();
        var themeA = await fixture.NewThemeAsync();
        var themeB = await fixture.NewThemeAsync();
        var a = await fixture.NewSessionAsync((await fixture.NewCourseAsync(themeA.Id)).Id, delegation.Id);
        await fixture.NewSessionAsync((await fixture.NewCourseAsync(themeA.Id)).Id, delegationId: 1);
        var b = await fixture.NewSessionAsync((await fixture.NewCourseAsync(themeB.Id, Modality.ELearning)).Id, delegation.Id);

        var (_, byCode) = await fixture.GetFeedAsync($"/feeds/sessions.{format}?delegation={delegation.Code.ToLowerInvariant()}");
        var (_, byId) = await fixture.GetFeedAsync($"/feeds/sessions.{format}?delegation={delegation.Id}");

        Assert.Equal([b.Id, a.Id], FeedsFixture.SessionIds(byCode));
        Assert.Equal([b.Id, a.Id], FeedsFixture.SessionIds(byId));
        // The self link names the feed canonically (the code as stored), whatever case was asked.
        Assert.EndsWith($"?delegation={delegation.Code}", SelfLink(byCode), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegionFeed_HoldsTheSessionsTakingPlaceThere_NewestFirst_AndNothingElse()
    {
        string corsica;
        await using (var db = fixture.NewDbContext())
        {
            corsica = await db.Communes.Where(c => c.Departement!.RegionCode == "94").OrderBy(c => c.Code).Select(c => c.Code).FirstAsync();
        }

        var theme = await fixture.NewThemeAsync();
        var course = await fixture.NewCourseAsync(theme.Id);
        var inCorsica = await fixture.NewSessionAsync(course.Id, communeCode: corsica);
        await fixture.NewSessionAsync(course.Id, communeCode: "59350");
        var alsoInCorsica = await fixture.NewSessionAsync(course.Id, communeCode: corsica);

        var (_, rss) = await fixture.GetFeedAsync("/feeds/sessions.rss?region=94");
        var ids = FeedsFixture.SessionIds(rss);

        List<int> expected;
        await using (var db = fixture.NewDbContext())
        {
            expected = await db.Sessions.Where(s => s.Commune!.Departement!.RegionCode == "94")
                .OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id).Take(50).Select(s => s.Id).ToListAsync();
        }

        Assert.Equal([alsoInCorsica.Id, inCorsica.Id], ids.Take(2));
        Assert.Equal(expected, ids);
        Assert.All(rss.Descendants("item"), item => Assert.Contains(item.Elements("category"), c => c.Value == "Corse" && (string?)c.Attribute("domain") == "tag:cnfpt.fr,2026:region"));
    }

    [Fact]
    public async Task WholeCatalogueFeed_HoldsThe50MostRecentlyChangedSessions()
    {
        var theme = await fixture.NewThemeAsync();
        var latest = await fixture.NewSessionAsync((await fixture.NewCourseAsync(theme.Id)).Id);

        var (_, rss) = await fixture.GetFeedAsync("/feeds/sessions.rss");
        var (_, atom) = await fixture.GetFeedAsync("/feeds/sessions.atom");

        List<int> expected;
        await using (var db = fixture.NewDbContext())
        {
            expected = await db.Sessions.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id).Take(50).Select(s => s.Id).ToListAsync();
        }

        Assert.Equal(50, expected.Count);
        Assert.Equal(latest.Id, expected[0]);
        Assert.Equal(expected, FeedsFixture.SessionIds(rss));
        Assert.Equal(expected, FeedsFixture.SessionIds(atom));
    }

    [Fact]
    public async Task Items_SayWhenWhereSeatsLeftAndFunding_InFrench_WithTheirCategories()
    {
        var theme = await fixture.NewThemeAsync();
        var delegation = await fixture.NewDelegationAsync();
        var caces = await fixture.NewCourseAsync(theme.Id, paid: PaidReason.Caces, price: 450m);
        var free = await fixture.NewCourseAsync(theme.Id);
        var paidSession = await fixture.NewSessionAsync(caces.Id, delegation.Id, capacity: 8, seatsTaken: 3);
        var freeSession = await fixture.NewSessionAsync(free.Id, delegation.Id, status: SessionStatus.Full, capacity: 12, seatsTaken: 12);

        var (_, rss) = await fixture.GetFeedAsync($"/feeds/sessions.rss?theme={theme.Code}");
        var (_, atom) = await fixture.GetFeedAsync($"/feeds/sessions.atom?theme={theme.Code}");

        Assert.Equal([freeSession.Id, paidSession.Id], FeedsFixture.SessionIds(rss));
        var paid = Summary(rss, 1);
        Assert.StartsWith("Nouvelle session publiée le ", paid, StringComparison.Ordinal);
        Assert.Contains(caces.Title, paid, StringComparison.Ordinal);
        Assert.Contains("Salle des flux, Lille (59)", paid, StringComparison.Ordinal);
        Assert.Contains("Inscriptions ouvertes : 5 places restantes sur 8.", paid, StringComparison.Ordinal);
        Assert.Contains("Formation payante (CACES) : 450,00 € par stagiaire.", paid, StringComparison.Ordinal);
        Assert.Contains("présentiel, 2 jours", paid, StringComparison.Ordinal);
        var full = Summary(rss, 0);
        Assert.Contains("Complète (12 places)", full, StringComparison.Ordinal);
        Assert.Contains("Financée par la cotisation des collectivités.", full, StringComparison.Ordinal);
        Assert.Equal(Summary(rss, 0), Summary(atom, 0));

        var title = rss.Descendants("item").Last().Element("title")!.Value;
        Assert.Equal($"{caces.Title} — {Core.Documents.FrenchFormat.Period(paidSession.StartDate, paidSession.EndDate)}, Lille (59)", title);

        var rssCategories = rss.Descendants("item").First().Elements("category").Select(c => ((string?)c.Attribute("domain"), c.Value)).ToList();
        Assert.Equal(
            [("tag:cnfpt.fr,2026:theme", theme.Name), ("tag:cnfpt.fr,2026:delegation", delegation.Name), ("tag:cnfpt.fr,2026:region", "Hauts-de-France")],
            rssCategories);
        var atomCategories = atom.Root!.Elements(Atom + "entry").First().Elements(Atom + "category")
            .Select(c => ((string?)c.Attribute("scheme"), (string?)c.Attribute("term"), (string?)c.Attribute("label"))).ToList();
        Assert.Equal(
            [("tag:cnfpt.fr,2026:theme", theme.Code, theme.Name), ("tag:cnfpt.fr,2026:delegation", delegation.Code, delegation.Name), ("tag:cnfpt.fr,2026:region", "32", "Hauts-de-France")],
            atomCategories);
    }

    [Fact]
    public async Task ItemLinks_LeadToTheSessionResourceOfV2()
    {
        var theme = await fixture.NewThemeAsync();
        var session = await fixture.NewSessionAsync((await fixture.NewCourseAsync(theme.Id)).Id);
        var (_, rss) = await fixture.GetFeedAsync($"/feeds/sessions.rss?theme={theme.Code}");

        var link = new Uri(rss.Descendants("item").Single().Element("link")!.Value);
        Assert.Equal($"/v2/Sessions({session.Id})", link.AbsolutePath);
        using var response = await fixture.Client.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));
        var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(session.Id, json.GetProperty("id").GetInt32());
        Assert.Equal(Seconds(session.UpdatedAt), Seconds(json.GetProperty("updatedAt").GetDateTimeOffset()));
    }

    private static List<string> ItemIds(XDocument feed) => feed.Root!.Name == Atom + "feed"
        ? [.. feed.Root.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value)]
        : [.. feed.Descendants("item").Select(i => i.Element("guid")!.Value)];

    private static DateTimeOffset Updated(XDocument feed, int index) => feed.Root!.Name == Atom + "feed"
        ? DateTimeOffset.Parse(feed.Root.Elements(Atom + "entry").ElementAt(index).Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture)
        : FeedFormatTests.ParseRfc822(feed.Descendants("item").ElementAt(index).Element("pubDate")!.Value);

    private static string Summary(XDocument feed, int index) => feed.Root!.Name == Atom + "feed"
        ? feed.Root.Elements(Atom + "entry").ElementAt(index).Element(Atom + "summary")!.Value
        : feed.Descendants("item").ElementAt(index).Element("description")!.Value;

    private static string SelfLink(XDocument feed) =>
        feed.Descendants().Single(e => e.Name.LocalName == "link" && (string?)e.Attribute("rel") == "self").Attribute("href")!.Value;

    private static DateTimeOffset Seconds(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
