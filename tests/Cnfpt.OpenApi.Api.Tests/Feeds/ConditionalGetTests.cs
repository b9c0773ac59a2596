using System.Net;
using System.Net.Http.Headers;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Tests.Feeds;

/// <summary>Feed readers poll: an unchanged feed is a 304 without body, a changed one a 200 with a new validator.</summary>
[Collection(FeedsCollection.Name)]
public sealed class ConditionalGetTests(FeedsFixture fixture)
{
    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public async Task SameETag_Is304WithoutBody_UntilASessionChanges_ThenA200WithANewETag(string format)
    {
        var (url, sessionId) = await FeedWithOneSessionAsync(format);
        using var first = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal("public, max-age=300", first.Headers.CacheControl!.ToString());

        using var again = await GetAsync(url, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal("public, max-age=300", again.Headers.CacheControl!.ToString());

        await fixture.ChangeVenueAsync(sessionId);

        using var changed = await GetAsync(url, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("Salle déplacée", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var current = await GetAsync(url, r => r.Headers.IfNoneMatch.Add(changed.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotModified, current.StatusCode);
    }

    [Fact]
    public async Task IfNoneMatch_ComparesWeakly_AndAcceptsAStar_AndAList()
    {
        var (url, _) = await FeedWithOneSessionAsync("rss");
        using var first = await GetAsync(url);
        var tag = first.Headers.ETag!.Tag;

        using var weak = await GetAsync(url, r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(tag, isWeak: true)));
        using var star = await GetAsync(url, r => r.Headers.TryAddWithoutValidation("If-None-Match", "*"));
        using var list = await GetAsync(url, r => r.Headers.TryAddWithoutValidation("If-None-Match", $"\"stale\", {tag}"));
        using var other = await GetAsync(url, r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\"")));

        Assert.Equal(HttpStatusCode.NotModified, weak.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, star.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public async Task IfModifiedSince_Is304_WhileNoSessionChanged_Then200(string format)
    {
        var (url, sessionId) = await FeedWithOneSessionAsync(format);
        using var first = await GetAsync(url);
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var same = await GetAsync(url, r => r.Headers.IfModifiedSince = lastModified);
        using var earlier = await GetAsync(url, r => r.Headers.IfModifiedSince = lastModified.AddSeconds(-1));
        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Empty(await same.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1.1)); // HTTP dates count whole seconds
        var changed = await fixture.ChangeVenueAsync(sessionId);
        using var after = await GetAsync(url, r => r.Headers.IfModifiedSince = lastModified);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.True(after.Content.Headers.LastModified > lastModified);
        Assert.Equal(changed.UpdatedAt.ToUnixTimeSeconds(), after.Content.Headers.LastModified!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task IfNoneMatch_WinsOverIfModifiedSince()
    {
        var (url, _) = await FeedWithOneSessionAsync("atom");
        using var first = await GetAsync(url);

        // A stale tag with a current date: the tag decides (RFC 9110 §13.1.3), the reader gets the feed.
        using var response = await GetAsync(url, r =>
        {
            r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
            r.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SeatsTaken_ChangeTheETag_ButNotTheItemsIdentity()
    {
        var (url, sessionId) = await FeedWithOneSessionAsync("rss");
        using var first = await GetAsync(url);
        var guid = System.Xml.Linq.XDocument.Parse(await first.Content.ReadAsStringAsync()).Descendants("guid").Single().Value;

        // An enrolment takes a seat with a conditional SQL update, as EnrolmentWorkflow does: the description of the
        // session did not change (same item), but what the item says (seats left) did (new ETag).
        await using (var db = fixture.NewDbContext())
        {
            await db.Sessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, s => s.SeatsTaken + 1));
        }

        using var after = await GetAsync(url, r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var body = await after.Content.ReadAsStringAsync();
        Assert.Equal(guid, System.Xml.Linq.XDocument.Parse(body).Descendants("guid").Single().Value);
        Assert.Contains("19 places restantes sur 20", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_SpendTheAnonymousReadBudget()
    {
        var (url, _) = await FeedWithOneSessionAsync("rss");
        using var response = await GetAsync(url);

        Assert.Contains("\"read\"", response.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("RateLimit"));
    }

    private async Task<(string Url, int SessionId)> FeedWithOneSessionAsync(string format)
    {
        var theme = await fixture.NewThemeAsync();
        var course = await fixture.NewCourseAsync(theme.Id);
        var session = await fixture.NewSessionAsync(course.Id);
        return ($"/feeds/sessions.{format}?theme={theme.Code}", session.Id);
    }

    private async Task<HttpResponseMessage> GetAsync(string url, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        configure?.Invoke(request);
        return await fixture.Client.SendAsync(request);
    }
}

/// <summary>What a feed URL can get wrong: 400 for a malformed or unknown parameter, 404 for what does not exist.</summary>
[Collection(FeedsCollection.Name)]
public sealed class FeedErrorTests(FeedsFixture fixture)
{
    [Theory]
    [InlineData("/feeds/sessions.rss?theme=NO-SUCH-THEME", "theme")]
    [InlineData("/feeds/sessions.atom?theme=999999", "theme")]
    [InlineData("/feeds/sessions.rss?delegation=NO-SUCH-DLG", "delegation")]
    [InlineData("/feeds/sessions.atom?delegation=999999", "delegation")]
    [InlineData("/feeds/sessions.rss?region=99", "region")]
    [InlineData("/feeds/sessions.rss?theme=MGT-EQ&region=99", "region")]
    public async Task Unknown_ThemeDelegationOrRegion_Is404Problem_NamingTheParameter(string url, string field)
    {
        using var response = await fixture.Client.GetAsync(new Uri(url, UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/feeds/sessions.rss?region=3", "region", "validation-failed")]
    [InlineData("/feeds/sessions.rss?region=2A", "region", "validation-failed")]
    [InlineData("/feeds/sessions.atom?region=", "region", "validation-failed")]
    [InlineData("/feeds/sessions.rss?theme=", "theme", "validation-failed")]
    [InlineData("/feeds/sessions.rss?theme=%25%25", "theme", "validation-failed")]
    [InlineData("/feeds/sessions.atom?theme=-1", "theme", "validation-failed")]
    [InlineData("/feeds/sessions.rss?delegation=a%20b", "delegation", "validation-failed")]
    [InlineData("/feeds/sessions.rss?theme=MGT-EQ&theme=RH-CAR", "theme", "validation-failed")]
    [InlineData("/feeds/sessions.rss?themes=MGT-EQ", "themes", "unknown-query-option")]
    [InlineData("/feeds/sessions.atom?$top=5", "$top", "unknown-query-option")]
    public async Task Malformed_Repeated_OrUnknownParameter_Is400Problem_NamingIt(string url, string field, string code)
    {
        using var response = await fixture.Client.GetAsync(new Uri(url, UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
