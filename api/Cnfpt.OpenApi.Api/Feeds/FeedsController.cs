using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Cnfpt.OpenApi.Api.Errors;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Cnfpt.OpenApi.Api.Feeds;

/// <summary>
/// RSS 2.0 and Atom 1.0 feeds of the sessions published or changed most recently: the whole catalogue, or one theme,
/// délégation or région. Outside the API versions (<c>/feeds/…</c>): a feed reader subscribes to a URL once and
/// never migrates, and RSS and Atom are versioned by their own standards; items link to the newest version's
/// session resource. Anonymous, rate-limited per IP address like every anonymous read. docs/feeds.md.
/// </summary>
[ApiController]
[AllowAnonymous]
public sealed partial class FeedsController(CnfptDbContext db) : ControllerBase
{
    private static readonly string[] Parameters = ["theme", "delegation", "region"];

    /// <summary>RSS 2.0 feed of the 50 sessions published or changed most recently, optionally of one theme, délégation or région.</summary>
    /// <remarks>
    /// Each change of a session (dates, place, capacity, status) is a new item (guid = session and change time), newest first.
    /// Conditional GET: send back `ETag` in `If-None-Match` (or `Last-Modified` in `If-Modified-Since`) for a 304 without body;
    /// `Cache-Control: public, max-age=300`. An unknown theme, délégation or région is a 404 problem (code not-found);
    /// a malformed, repeated or unknown parameter a 400 problem (codes validation-failed, unknown-query-option). See docs/feeds.md.
    /// </remarks>
    /// <param name="theme">A theme's code (`MGT-EQ`) or id: only the sessions of its courses.</param>
    /// <param name="delegation">A délégation's code (`INSET-DUN`) or id: only the sessions it organises.</param>
    /// <param name="region">A région's INSEE code (`32`): only the sessions that take place there (remote ones: the délégation's commune).</param>
    /// <param name="cancellationToken">Aborts the query when the client goes away.</param>
    [HttpGet("feeds/sessions.rss")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK, SessionFeed.RssMediaType)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<IActionResult> Rss([FromQuery] string? theme, [FromQuery] string? delegation, [FromQuery] string? region, CancellationToken cancellationToken) =>
        FeedAsync(atom: false, cancellationToken);

    /// <summary>Atom 1.0 feed of the 50 sessions published or changed most recently, optionally of one theme, délégation or région.</summary>
    /// <remarks>
    /// The same entries as the RSS feed; each entry has `published` (the session's publication) and `updated` (this change).
    /// Conditional GET with `ETag` / `If-None-Match` or `Last-Modified` / `If-Modified-Since` (304 without body);
    /// `Cache-Control: public, max-age=300`. An unknown theme, délégation or région is a 404 problem (code not-found);
    /// a malformed, repeated or unknown parameter a 400 problem (codes validation-failed, unknown-query-option). See docs/feeds.md.
    /// </remarks>
    /// <param name="theme">A theme's code (`MGT-EQ`) or id: only the sessions of its courses.</param>
    /// <param name="delegation">A délégation's code (`INSET-DUN`) or id: only the sessions it organises.</param>
    /// <param name="region">A région's INSEE code (`32`): only the sessions that take place there (remote ones: the délégation's commune).</param>
    /// <param name="cancellationToken">Aborts the query when the client goes away.</param>
    [HttpGet("feeds/sessions.atom")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK, SessionFeed.AtomMediaType)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public Task<IActionResult> Atom([FromQuery] string? theme, [FromQuery] string? delegation, [FromQuery] string? region, CancellationToken cancellationToken) =>
        FeedAsync(atom: true, cancellationToken);

    private async Task<IActionResult> FeedAsync(bool atom, CancellationToken cancellationToken)
    {
        var filter = await FilterAsync(cancellationToken);
        var sessions = await SessionsAsync(filter, cancellationToken);
        var body = SessionFeed.Write(sessions, filter, $"{Request.Scheme}://{Request.Host}{Request.PathBase}", atom);

        // The ETag is a hash of the very bytes served: any change a reader could see (a seat taken, a course renamed)
        // changes it. Last-Modified is the newest session change, in whole seconds as HTTP dates are.
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16)) + "\"");
        var lastModified = SessionFeed.LastModified(sessions);
        lastModified = lastModified.AddTicks(-(lastModified.Ticks % TimeSpan.TicksPerSecond));
        var response = Response.GetTypedHeaders();
        response.ETag = etag;
        response.LastModified = lastModified;
        response.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(5) };
        if (NotModified(etag, lastModified))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        return File(body, (atom ? SessionFeed.AtomMediaType : SessionFeed.RssMediaType) + "; charset=utf-8");
    }

    /// <summary>RFC 9110 §13.2.2: If-None-Match (weak comparison) decides when present; If-Modified-Since only without it.</summary>
    private bool NotModified(EntityTagHeaderValue etag, DateTimeOffset lastModified)
    {
        var request = Request.GetTypedHeaders();
        if (request.IfNoneMatch is { Count: > 0 } candidates)
        {
            return candidates.Any(c => c.Equals(EntityTagHeaderValue.Any) || c.Compare(etag, useStrongComparison: false));
        }

        return request.IfModifiedSince is { } since && lastModified <= since;
    }

    /// <summary>The 50 most recently changed sessions of the filter, newest first (ties: highest id first), in one query.</summary>
    private async Task<List<FeedSession>> SessionsAsync(FeedFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Sessions.AsNoTracking();
        if (filter.Theme is { } theme)
        {
            query = query.Where(s => s.Course!.ThemeId == theme.Id);
        }

        if (filter.Delegation is { } delegation)
        {
            query = query.Where(s => s.DelegationId == delegation.Id);
        }

        if (filter.Region is { } region)
        {
            query = query.Where(s => s.Commune!.Departement!.RegionCode == region.Code);
        }

        return await query
            .OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id)
            .Take(SessionFeed.ItemCount)
            .Select(s => new FeedSession(
                s.Id, s.Course!.Code, s.Course.Title, s.Course.Modality, s.Course.DurationDays, s.Course.Funding, s.Course.PaidReason, s.Course.PricePerTrainee,
                s.Course.Theme!.Code, s.Course.Theme.Name, s.Delegation!.Code, s.Delegation.Name, s.Commune!.Name, s.Commune.DepartementCode,
                s.Commune.Departement!.RegionCode, s.Commune.Departement.Region!.Name,
                s.Venue, s.StartDate, s.EndDate, s.Capacity, s.SeatsTaken, s.Status, s.CreatedAt, s.UpdatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Reads and resolves the query string: 400 for what is malformed, 404 for what does not exist.</summary>
    private async Task<FeedFilter> FilterAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, values) in Request.Query)
        {
            if (!Parameters.Contains(name, StringComparer.Ordinal))
            {
                throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.UnknownQueryOption,
                    $"Unknown parameter '{name}': a feed takes theme, delegation and region.", name);
            }

            if (values.Count != 1)
            {
                throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                    $"'{name}' is given {values.Count} times: a feed has at most one {name}; subscribe to one feed per {name}.", name);
            }
        }

        var themeKey = Key("theme");
        var delegationKey = Key("delegation");
        var regionKey = Request.Query["region"].ToString();
        if (Request.Query.ContainsKey("region") && !RegionCode().IsMatch(regionKey))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                $"'{regionKey}' is not a région code: two digits of the INSEE code (32 is Hauts-de-France).", "region");
        }

        Theme? theme = null;
        if (themeKey is { } t)
        {
            theme = await (t.Id is { } id ? db.Themes.Where(x => x.Id == id) : db.Themes.Where(x => x.Code == t.Code)).AsNoTracking().FirstOrDefaultAsync(cancellationToken)
                ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No theme '{t.Raw}': GET /v2/Themes lists their ids and codes.", "theme");
        }

        Delegation? delegation = null;
        if (delegationKey is { } d)
        {
            delegation = await (d.Id is { } id ? db.Delegations.Where(x => x.Id == id) : db.Delegations.Where(x => x.Code == d.Code)).AsNoTracking().FirstOrDefaultAsync(cancellationToken)
                ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No délégation '{d.Raw}': GET /v2/Delegations lists their ids and codes.", "delegation");
        }

        Region? region = null;
        if (Request.Query.ContainsKey("region"))
        {
            region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == regionKey, cancellationToken)
                ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"No région with the INSEE code '{regionKey}'.", "region");
        }

        return new FeedFilter(theme, delegation, region);
    }

    /// <summary>A theme or délégation given by id (digits) or by code (letters, digits, dashes; case-insensitive).</summary>
    private (string Raw, int? Id, string Code)? Key(string name)
    {
        if (!Request.Query.TryGetValue(name, out var values))
        {
            return null;
        }

        var raw = values.ToString();
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return (raw, id, "");
        }

        if (!CodeShape().IsMatch(raw))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed,
                $"'{raw}' is neither an id nor a code: give the {name}'s id (a positive integer) or code (up to 16 letters, digits and dashes).", name);
        }

        return (raw, null, raw.ToUpperInvariant());
    }

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex RegionCode();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,15}$")]
    private static partial Regex CodeShape();
}
