namespace Cnfpt.OpenApi.Api.Feeds;

/// <summary>
/// The <c>&lt;link rel="alternate"&gt;</c> elements that advertise the session feeds in the HTML the API serves
/// (Swagger UI's page): browsers and feed readers find the feeds from the page's address. Relative to the page
/// (<c>/swagger/index.html</c>), so that they stay right behind a reverse proxy that mounts the API under a path.
/// </summary>
internal static class FeedLinks
{
    public const string Html =
        "<link rel=\"alternate\" type=\"" + SessionFeed.RssMediaType + "\" title=\"CNFPT — nouvelles sessions de formation (RSS)\" href=\"../feeds/sessions.rss\">"
        + "<link rel=\"alternate\" type=\"" + SessionFeed.AtomMediaType + "\" title=\"CNFPT — nouvelles sessions de formation (Atom)\" href=\"../feeds/sessions.atom\">";
}
