using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Cnfpt.OpenApi.Api.Tests.Feeds;

/// <summary>
/// The documents are RSS 2.0 and Atom 1.0 as their specifications require (checked element by element), UTF-8 XML, and
/// load in .NET's own syndication reader as a feed reader would; HTML pages and the OpenAPI documents advertise them.
/// </summary>
[Collection(FeedsCollection.Name)]
public sealed partial class FeedFormatTests(FeedsFixture fixture)
{
    private static readonly XNamespace Atom = FeedsFixture.Atom;

    /// <summary>RFC 822 date-time (as RSS 2.0 requires; four-digit year as RFC 1123 and every reader expect).</summary>
    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|UT|GMT|Z)$")]
    private static partial Regex Rfc822();

    /// <summary>RFC 3339 date-time, as Atom requires.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    public static DateTimeOffset ParseRfc822(string value)
    {
        Assert.Matches(Rfc822(), value);
        var zone = value[(value.LastIndexOf(' ') + 1)..];
        var offset = zone is "Z" or "UT" or "GMT" ? "+00:00" : $"{zone[..3]}:{zone[3..]}";
        return DateTimeOffset.ParseExact(value[..value.LastIndexOf(' ')] + " " + offset, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Rss_IsRss20_WithAChannelAndCompleteItems()
    {
        var theme = await fixture.NewThemeAsync();
        var course = await fixture.NewCourseAsync(theme.Id);
        var sessions = new[] { await fixture.NewSessionAsync(course.Id), await fixture.NewSessionAsync(course.Id) };
        var url = $"/feeds/sessions.rss?theme={theme.Code}";

        var (response, xml) = await fixture.GetFeedAsync(url);

        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        var rss = xml.Root!;
        Assert.Equal("rss", rss.Name.LocalName);
        Assert.Equal(XNamespace.None, rss.Name.Namespace);
        Assert.Equal("2.0", (string?)rss.Attribute("version"));
        var channel = Assert.Single(rss.Elements("channel"));
        Assert.Contains(theme.Name, channel.Element("title")!.Value, StringComparison.Ordinal);
        Assert.True(Uri.IsWellFormedUriString(channel.Element("link")!.Value, UriKind.Absolute));
        Assert.False(string.IsNullOrWhiteSpace(channel.Element("description")!.Value));
        Assert.Equal("fr-FR", channel.Element("language")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(channel.Element("generator")!.Value));
        var lastBuild = ParseRfc822(channel.Element("lastBuildDate")!.Value);
        // The self link the W3C validator asks of RSS feeds: atom:link rel="self" with the feed's own URL.
        var self = Assert.Single(channel.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        Assert.Equal(url, new Uri(self.Attribute("href")!.Value).PathAndQuery);
        Assert.Equal("application/rss+xml", (string?)self.Attribute("type"));

        var items = channel.Elements("item").ToList();
        Assert.Equal(2, items.Count);
        foreach (var (item, session) in items.Zip(sessions.Reverse()))
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Element("title")!.Value));
            Assert.False(string.IsNullOrWhiteSpace(item.Element("description")!.Value));
            Assert.EndsWith($"/v2/Sessions({session.Id})", item.Element("link")!.Value, StringComparison.Ordinal);
            var guid = item.Element("guid")!;
            Assert.Equal("false", (string?)guid.Attribute("isPermaLink"));
            Assert.StartsWith($"tag:cnfpt.fr,2026:session:{session.Id}:", guid.Value, StringComparison.Ordinal);
            var published = ParseRfc822(item.Element("pubDate")!.Value);
            Assert.Equal(Seconds(session.UpdatedAt), published.ToUniversalTime());
            Assert.True(published <= lastBuild);
        }

        Assert.Equal(Seconds(sessions[1].UpdatedAt), lastBuild.ToUniversalTime());
        Assert.Equal(2, items.Select(i => i.Element("guid")!.Value).Distinct().Count());
    }

    [Fact]
    public async Task Atom_IsAtom10_WithIdTitleUpdatedAuthorSelfLink_AndCompleteEntries()
    {
        var theme = await fixture.NewThemeAsync();
        var course = await fixture.NewCourseAsync(theme.Id);
        var sessions = new[] { await fixture.NewSessionAsync(course.Id), await fixture.NewSessionAsync(course.Id) };
        var url = $"/feeds/sessions.atom?theme={theme.Code}";

        var (response, xml) = await fixture.GetFeedAsync(url);

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        var feed = xml.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("fr-FR", (string?)feed.Attribute(XNamespace.Xml + "lang"));
        var id = Assert.Single(feed.Elements(Atom + "id")).Value;
        Assert.True(Uri.IsWellFormedUriString(id, UriKind.Absolute), id);
        Assert.Contains(theme.Name, Assert.Single(feed.Elements(Atom + "title")).Value, StringComparison.Ordinal);
        var updated = Assert.Single(feed.Elements(Atom + "updated")).Value;
        Assert.Matches(Rfc3339(), updated);
        Assert.Equal(Seconds(sessions[1].UpdatedAt), Seconds(DateTimeOffset.Parse(updated, CultureInfo.InvariantCulture)));
        Assert.False(string.IsNullOrWhiteSpace(feed.Element(Atom + "author")!.Element(Atom + "name")!.Value));
        var self = Assert.Single(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        Assert.Equal(url, new Uri(self.Attribute("href")!.Value).PathAndQuery);

        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        foreach (var (entry, session) in entries.Zip(sessions.Reverse()))
        {
            Assert.StartsWith($"tag:cnfpt.fr,2026:session:{session.Id}:", Assert.Single(entry.Elements(Atom + "id")).Value, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(Assert.Single(entry.Elements(Atom + "title")).Value));
            var entryUpdated = Assert.Single(entry.Elements(Atom + "updated")).Value;
            Assert.Matches(Rfc3339(), entryUpdated);
            Assert.Equal(Seconds(session.UpdatedAt), Seconds(DateTimeOffset.Parse(entryUpdated, CultureInfo.InvariantCulture)));
            Assert.Equal(Seconds(session.CreatedAt), Seconds(DateTimeOffset.Parse(entry.Element(Atom + "published")!.Value, CultureInfo.InvariantCulture)));
            var alternate = Assert.Single(entry.Elements(Atom + "link"), l => (string?)l.Attribute("rel") is null or "alternate");
            Assert.EndsWith($"/v2/Sessions({session.Id})", alternate.Attribute("href")!.Value, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + "summary")!.Value));
        }

        Assert.Equal(2, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public async Task Feeds_AreUtf8XmlWithDeclaration_AndLoadInTheSyndicationReader(string format)
    {
        var theme = await fixture.NewThemeAsync();
        var course = await fixture.NewCourseAsync(theme.Id);
        var session = await fixture.NewSessionAsync(course.Id);
        using var response = await fixture.Client.GetAsync(new Uri($"/feeds/sessions.{format}?theme={theme.Code}", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.NotEqual(0xEF, bytes[0]); // no byte-order mark before the declaration
        Assert.Contains("é", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal); // French text survives as UTF-8

        using var reader = XmlReader.Create(new MemoryStream(bytes));
        var feed = SyndicationFeed.Load(reader);
        Assert.Equal("fr-FR", feed.Language);
        var item = Assert.Single(feed.Items);
        Assert.Contains(course.Title, item.Title.Text, StringComparison.Ordinal);
        Assert.Equal($"/v2/Sessions({session.Id})", item.Links.Single(l => l.RelationshipType is null or "alternate").Uri.AbsolutePath);
        Assert.Equal(3, item.Categories.Count);
        Assert.Equal(Seconds(session.UpdatedAt), Seconds(item.LastUpdatedTime));
        Assert.Contains(feed.Links, l => l.RelationshipType == "self");
    }

    [Fact]
    public async Task EmptyFeed_IsStillAValidFeed()
    {
        var theme = await fixture.NewThemeAsync();
        var (_, rss) = await fixture.GetFeedAsync($"/feeds/sessions.rss?theme={theme.Code}");
        var (_, atom) = await fixture.GetFeedAsync($"/feeds/sessions.atom?theme={theme.Code}");

        Assert.Empty(rss.Descendants("item"));
        ParseRfc822(rss.Root!.Element("channel")!.Element("lastBuildDate")!.Value);
        Assert.Empty(atom.Root!.Elements(Atom + "entry"));
        Assert.Matches(Rfc3339(), atom.Root.Element(Atom + "updated")!.Value);
    }

    [Fact]
    public async Task SwaggerUi_AdvertisesBothFeeds_WithRelAlternate()
    {
        var html = await fixture.Client.GetStringAsync(new Uri("/swagger/index.html", UriKind.Relative));

        var page = new Uri(fixture.Client.BaseAddress!, "/swagger/index.html");
        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        foreach (var (type, path) in new[] { ("application/rss+xml", "/feeds/sessions.rss"), ("application/atom+xml", "/feeds/sessions.atom") })
        {
            var link = System.Text.RegularExpressions.Regex.Match(head, $"<link rel=\"alternate\" type=\"{System.Text.RegularExpressions.Regex.Escape(type)}\" title=\"[^\"]+\" href=\"(?<href>[^\"]+)\">");
            Assert.True(link.Success, $"no {type} alternate link in the head");
            var target = new Uri(page, link.Groups["href"].Value);
            Assert.Equal(path, target.AbsolutePath);
            using var feed = await fixture.Client.GetAsync(target);
            Assert.Equal(type, feed.Content.Headers.ContentType!.MediaType);
        }
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task OpenApiDocuments_DescribeTheFeeds_AsPublicOperations(string version)
    {
        var document = JsonDocument.Parse(await fixture.Client.GetStringAsync(new Uri($"/swagger/{version}/swagger.json", UriKind.Relative))).RootElement;

        Assert.Contains("/feeds/sessions.rss", document.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
        foreach (var (path, operationId, mediaType) in new[] { ("/feeds/sessions.rss", "Feeds_Rss", "application/rss+xml"), ("/feeds/sessions.atom", "Feeds_Atom", "application/atom+xml") })
        {
            var get = document.GetProperty("paths").GetProperty(path).GetProperty("get");
            Assert.Equal(operationId, get.GetProperty("operationId").GetString());
            Assert.True(get.GetProperty("x-anonymous").GetBoolean());
            Assert.Equal(["theme", "delegation", "region"], get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
            var responses = get.GetProperty("responses");
            Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty(mediaType, out _));
            Assert.True(responses.TryGetProperty("304", out _));
            Assert.Contains("If-None-Match", get.GetProperty("description").GetString(), StringComparison.Ordinal);
            foreach (var status in new[] { "400", "404", "429" })
            {
                Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), status);
            }
        }
    }

    private static DateTimeOffset Seconds(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
