using Microsoft.Net.Http.Headers;

namespace Cnfpt.OpenApi.Api.Hardening;

/// <summary>
/// Headers that tell browsers and caches how to treat every answer, problems and 404s included: they are set
/// when the response starts, so they survive the exception handler (which clears the headers it finds).
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>JSON and XML never need to load, run or be framed by anything.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Swagger UI loads its scripts, styles and the OpenAPI document from this host, and Swashbuckle's page
    /// has inline script and styles; its images include data: URIs.
    /// </summary>
    public const string SwaggerPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    public static readonly PathString SwaggerPath = new("/swagger");

    public static readonly PathString TokenPath = new("/connect/token");

    public static Task AddOnStarting(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    private static void Apply(HttpContext context)
    {
        var request = context.Request;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = request.Path.StartsWithSegments(SwaggerPath) ? SwaggerPolicy : ApiPolicy;
        // Public reads may be embedded or fetched by any site (they are what CORS opens); everything else
        // stays with sites of the same registrable domain.
        headers["Cross-Origin-Resource-Policy"] = PublicReadCors.IsPublicRead(request) ? "cross-origin" : "same-site";
        if (request.Headers.ContainsKey(HeaderNames.Authorization) || request.Path.StartsWithSegments(TokenPath))
        {
            // Answers to a client (and tokens) must not stay in a browser, proxy or CDN cache.
            headers.CacheControl = "no-store";
        }
    }
}
