using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace Cnfpt.OpenApi.Api.Hardening;

/// <summary>
/// CORS for anonymous reads only: any web page may read the public catalogue, its <c>$metadata</c> and the
/// open-data statistics, without credentials. Nothing else is open to browsers: a preflight for a write,
/// or for a request that would carry an <c>Authorization</c> header, gets no CORS headers, so the browser
/// refuses to send it. A client secret or a bearer token has no business in a web page.
/// </summary>
internal static class PublicReadCors
{
    public const string PolicyName = "public-read";

    /// <summary>Response headers a page may read (rate limits, versioning, paging and concurrency).</summary>
    public static readonly string[] ExposedHeaders =
    [
        "RateLimit", "RateLimit-Policy", "Retry-After", "ETag", "Location",
        "api-supported-versions", "api-deprecated-versions", "Deprecation", "Sunset", "Link",
    ];

    /// <summary>Request headers an OData read may need beyond the CORS-safelisted ones; not Authorization.</summary>
    private static readonly string[] RequestHeaders =
        ["Accept", "Accept-Language", "Content-Language", "OData-Version", "OData-MaxVersion", "Prefer", "If-None-Match", "If-Modified-Since"];

    public static void Configure(CorsPolicyBuilder policy) => policy
        .AllowAnyOrigin()
        .WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Options)
        .WithHeaders(RequestHeaders)
        .WithExposedHeaders(ExposedHeaders);

    /// <summary>An anonymous read: GET or HEAD without an Authorization header.</summary>
    public static bool IsPublicRead(HttpRequest request) =>
        IsRead(request.Method) && !request.Headers.ContainsKey(HeaderNames.Authorization);

    /// <summary>A browser's preflight (OPTIONS with Origin and Access-Control-Request-Method).</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.ContainsKey(HeaderNames.Origin)
        && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod);

    /// <summary>A preflight announcing an anonymous read: GET or HEAD, and no Authorization among the headers to come.</summary>
    public static bool IsPreflightForPublicRead(HttpRequest request) =>
        IsRead(request.Headers.AccessControlRequestMethod.ToString())
        && !request.Headers.GetCommaSeparatedValues(HeaderNames.AccessControlRequestHeaders)
            .Any(h => h.Trim().Equals(HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase));

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
}
