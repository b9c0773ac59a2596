using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Api.Feeds;

/// <summary>The columns of a session that an item shows, read in one SQL query.</summary>
internal sealed record FeedSession(
    int Id, string CourseCode, string CourseTitle, Modality Modality, decimal DurationDays, Funding Funding, PaidReason? PaidReason, decimal? PricePerTrainee,
    string ThemeCode, string ThemeName, string DelegationCode, string DelegationName, string CommuneName, string DepartementCode, string RegionCode, string RegionName,
    string Venue, DateOnly StartDate, DateOnly EndDate, int Capacity, int SeatsTaken, SessionStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>What a feed selects: every session, or those of one theme, délégation and/or région (all given must match).</summary>
internal sealed record FeedFilter(Theme? Theme, Delegation? Delegation, Region? Region)
{
    /// <summary>The canonical query string of the filter (<c>?theme=MGT-EQ&amp;region=32</c>): the feed's self link and identity.</summary>
    public string Query
    {
        get
        {
            var parts = new List<string>();
            if (Theme is not null)
            {
                parts.Add("theme=" + Uri.EscapeDataString(Theme.Code));
            }

            if (Delegation is not null)
            {
                parts.Add("delegation=" + Uri.EscapeDataString(Delegation.Code));
            }

            if (Region is not null)
            {
                parts.Add("region=" + Uri.EscapeDataString(Region.Code));
            }

            return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
        }
    }

    /// <summary>" — thème Management d'équipe — région Hauts-de-France", or "" for the whole catalogue.</summary>
    public string TitleSuffix =>
        (Theme is null ? "" : $" — thème {Theme.Name}")
        + (Delegation is null ? "" : $" — {Delegation.Name}")
        + (Region is null ? "" : $" — région {Region.Name}");
}

/// <summary>
/// Builds the RSS 2.0 or Atom 1.0 document of a list of sessions with System.ServiceModel.Syndication. The output is
/// a pure function of the sessions, the filter and the base URL (the feed's date is the newest session's, never
/// "now"), so that its hash is a strong ETag: the same content always gives the same bytes.
/// </summary>
internal static class SessionFeed
{
    /// <summary>The number of sessions a feed carries: the most recently published or changed ones.</summary>
    public const int ItemCount = 50;

    /// <summary>The authority and date of the <c>tag:</c> URIs (RFC 4151) that identify feeds and items.</summary>
    public const string TagAuthority = "tag:cnfpt.fr,2026:";

    /// <summary>The API version whose resources items link to.</summary>
    public const string ResourceVersion = "v2";

    public const string RssMediaType = "application/rss+xml";
    public const string AtomMediaType = "application/atom+xml";

    /// <summary>The date of a feed without any session: a fixed instant, so that an empty feed has a stable ETag too.</summary>
    private static readonly DateTimeOffset EmptyFeedDate = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The identity of one item: a session as of one change (RFC 4151 tag URI).</summary>
    public static string ItemId(int sessionId, DateTimeOffset updatedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{TagAuthority}session:{sessionId}:{updatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}");

    /// <summary>The newest change among the sessions, or a fixed date for an empty feed (Last-Modified, feed date).</summary>
    public static DateTimeOffset LastModified(IReadOnlyList<FeedSession> sessions) =>
        sessions.Count == 0 ? EmptyFeedDate : sessions.Max(s => s.UpdatedAt);

    /// <summary>The feed as UTF-8 XML with its declaration.</summary>
    public static byte[] Write(IReadOnlyList<FeedSession> sessions, FeedFilter filter, string baseUrl, bool atom)
    {
        var feed = Build(sessions, filter, baseUrl, atom);
        using var buffer = new MemoryStream();
        // Over a stream with UTF-8 (no BOM): a StringWriter would declare utf-16.
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            if (atom)
            {
                new Atom10FeedFormatter(feed).WriteTo(writer);
            }
            else
            {
                new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: true).WriteTo(writer);
            }
        }

        return buffer.ToArray();
    }

    private static SyndicationFeed Build(IReadOnlyList<FeedSession> sessions, FeedFilter filter, string baseUrl, bool atom)
    {
        var path = atom ? "/feeds/sessions.atom" : "/feeds/sessions.rss";
        var feed = new SyndicationFeed
        {
            Id = TagAuthority + "feeds/sessions" + filter.Query,
            Title = new TextSyndicationContent("CNFPT — nouvelles sessions de formation" + filter.TitleSuffix),
            Description = new TextSyndicationContent(
                $"Les {ItemCount} sessions de formation du CNFPT publiées ou modifiées le plus récemment{filter.TitleSuffix}. "
                + "Chaque modification d'une session (dates, lieu, capacité, statut) en fait une nouvelle entrée."),
            Language = "fr-FR",
            Generator = "Cnfpt.OpenApi (System.ServiceModel.Syndication)",
            Copyright = new TextSyndicationContent("CNFPT — Licence Ouverte / Etalab 2.0"),
            LastUpdatedTime = Paris(LastModified(sessions)),
        };
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(baseUrl + path + filter.Query), atom ? AtomMediaType : RssMediaType));
        feed.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(baseUrl + "/" + ResourceVersion + "/Sessions"), "application/json"));
        if (atom)
        {
            // Atom needs an author, for the feed or every entry; RSS would turn it into a managingEditor, which must be an e-mail address.
            feed.Authors.Add(new SyndicationPerson { Name = "CNFPT", Uri = "https://www.cnfpt.fr" });
        }

        feed.Items = sessions.Select(s => Item(s, baseUrl, atom)).ToList();
        return feed;
    }

    private static SyndicationItem Item(FeedSession s, string baseUrl, bool atom)
    {
        var place = IsRemote(s.Modality) ? "à distance" : $"{s.CommuneName} ({s.DepartementCode})";
        var item = new SyndicationItem
        {
            Id = ItemId(s.Id, s.UpdatedAt),
            Title = new TextSyndicationContent($"{s.CourseTitle} — {FrenchFormat.Period(s.StartDate, s.EndDate)}, {place}"),
            Summary = new TextSyndicationContent(Summary(s)),
            LastUpdatedTime = Paris(s.UpdatedAt),
            // RSS has one date per item, its pubDate: the date of this change. Atom has both.
            PublishDate = Paris(atom ? s.CreatedAt : s.UpdatedAt),
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/{ResourceVersion}/Sessions({s.Id})")), "application/json"));
        item.Categories.Add(Category("theme", s.ThemeCode, s.ThemeName, atom));
        item.Categories.Add(Category("delegation", s.DelegationCode, s.DelegationName, atom));
        item.Categories.Add(Category("region", s.RegionCode, s.RegionName, atom));
        return item;
    }

    /// <summary>Atom: the code as term, the name as label. RSS has no label: the name, which readers show.</summary>
    private static SyndicationCategory Category(string kind, string code, string name, bool atom) =>
        atom ? new SyndicationCategory(code, TagAuthority + kind, name) : new SyndicationCategory(name, TagAuthority + kind, null);

    /// <summary>
    /// Dates in Paris time, as the CNFPT's readers live them; with an explicit offset the RSS formatter writes RFC 822's
    /// numeric zone (<c>+0100</c>) rather than its single-letter <c>Z</c>, which some validators frown upon.
    /// </summary>
    private static DateTimeOffset Paris(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, FrenchFormat.Paris);

    /// <summary>The session in a few French sentences: when, where, how, seats, funding.</summary>
    internal static string Summary(FeedSession s)
    {
        var text = new StringBuilder();
        text.Append(s.UpdatedAt > s.CreatedAt ? $"Session modifiée {FrenchFormat.Instant(s.UpdatedAt)}. " : $"Nouvelle session publiée {FrenchFormat.Instant(s.CreatedAt)}. ");
        text.Append(CultureInfo.InvariantCulture, $"{s.CourseTitle} ({s.CourseCode}), {FrenchFormat.Period(s.StartDate, s.EndDate)}");
        if (!IsRemote(s.Modality))
        {
            text.Append(CultureInfo.InvariantCulture, $", {s.Venue}, {s.CommuneName} ({s.DepartementCode})");
        }

        text.Append(CultureInfo.InvariantCulture, $" ; {ModalityText(s.Modality)}, {Days(s.DurationDays)}. Organisée par {s.DelegationName}. ");
        var left = Math.Max(0, s.Capacity - s.SeatsTaken);
        text.Append(s.Status switch
        {
            SessionStatus.OpenForEnrolment => string.Create(CultureInfo.InvariantCulture, $"Inscriptions ouvertes : {left} {Plural(left, "place restante", "places restantes")} sur {s.Capacity}. "),
            SessionStatus.Full => string.Create(CultureInfo.InvariantCulture, $"Complète ({s.Capacity} places) : les nouvelles demandes vont en liste d'attente. "),
            SessionStatus.Planned => string.Create(CultureInfo.InvariantCulture, $"Programmée, inscriptions pas encore ouvertes ({s.Capacity} places). "),
            SessionStatus.Closed => "Inscriptions closes. ",
            SessionStatus.Cancelled => "Session annulée. ",
            _ => "Session terminée. ",
        });
        text.Append(s.Funding == Funding.Paid
            ? $"Formation payante ({PaidReasonText(s.PaidReason)}) : {Decimal(s.PricePerTrainee ?? 0, "0.00")} € par stagiaire."
            : "Financée par la cotisation des collectivités.");
        return text.ToString();
    }

    private static bool IsRemote(Modality modality) => modality is Modality.Distanciel or Modality.ELearning or Modality.ClasseVirtuelle;

    private static string ModalityText(Modality modality) => modality switch
    {
        Modality.Presentiel => "présentiel",
        Modality.Distanciel or Modality.ClasseVirtuelle => "à distance en classe virtuelle",
        Modality.ELearning => "e-learning",
        _ => "hybride",
    };

    private static string PaidReasonText(PaidReason? reason) => reason switch
    {
        Core.Domain.PaidReason.Caces => "CACES",
        Core.Domain.PaidReason.Chsct => "formation F3SCT",
        Core.Domain.PaidReason.PoliceArmament => "armement de la police municipale",
        _ => "hors cotisation",
    };

    private static string Days(decimal days) => Decimal(days, "0.#") + (days > 1 ? " jours" : " jour");

    /// <summary>A decimal comma, by hand like <see cref="FrenchFormat"/>: no dependence on the machine's culture data.</summary>
    private static string Decimal(decimal value, string format) => value.ToString(format, CultureInfo.InvariantCulture).Replace('.', ',');

    private static string Plural(int count, string one, string many) => count > 1 ? many : one;
}
