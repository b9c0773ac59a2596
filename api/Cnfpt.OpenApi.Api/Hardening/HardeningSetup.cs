using System.Net;
using Cnfpt.OpenApi.Api.Data;
using Cnfpt.OpenApi.Api.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Cnfpt.OpenApi.Api.Hardening;

/// <summary>
/// HTTP hardening with what ASP.NET Core ships: security headers on every answer, no Server header, request
/// body and token-form limits (413 problems), CORS for anonymous reads only, HSTS and HTTPS redirection
/// outside Development, forwarded headers from known proxies only, and a request log without secrets.
/// docs/security-hardening.md says what each does and why.
/// </summary>
internal static class HardeningSetup
{
    /// <summary>
    /// A token request is a handful of short fields (a signed client assertion is the longest, a few KiB):
    /// its form is read with tight limits, whatever the global body limit becomes for <c>$batch</c>.
    /// </summary>
    private const long TokenBodyLimit = 16 * 1024;

    private static readonly FormOptions TokenForm = new()
    {
        ValueCountLimit = 20,
        KeyLengthLimit = 100,
        ValueLengthLimit = 8 * 1024,
        MultipartBodyLengthLimit = TokenBodyLimit,
    };

    public static WebApplicationBuilder AddCnfptHardening(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(HardeningOptions.Section);
        var options = section.Get<HardeningOptions>() ?? new HardeningOptions();
        if (options.MaxRequestBodyBytes < 1)
        {
            throw new InvalidOperationException("Hardening:MaxRequestBodyBytes must be at least 1.");
        }

        var proxies = options.KnownProxies.Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new InvalidOperationException($"Hardening:KnownProxies: '{p}' is not an IP address.")).ToList();
        builder.Services.Configure<HardeningOptions>(section);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false; // names the server to attack, and helps nobody else
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.Services.AddCors(cors => cors.AddPolicy(PublicReadCors.PolicyName, PublicReadCors.Configure));
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        // 308 keeps the method and body; a client that followed it has already sent its request in clear.
        builder.Services.AddHttpsRedirection(https => https.RedirectStatusCode = StatusCodes.Status308PermanentRedirect);
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // Only the proxies named in configuration are believed (ASP.NET Core's default, loopback, is cleared):
            // believing anyone would let a caller choose the address the rate limiter counts and the scheme
            // HSTS and the redirection see.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            proxies.ForEach(forwarded.KnownProxies.Add);
        });
        return builder;
    }

    /// <summary>
    /// Placed right after the problem-details handlers, so that whatever they write (a 413 from Kestrel, a
    /// 404, a 500) carries the headers and is logged, and before the rate limiter and authentication.
    /// </summary>
    public static WebApplication UseCnfptHardening(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<HardeningOptions>>().Value;
        if (options.KnownProxies.Count > 0)
        {
            // First: the client's address and scheme are what the proxy saw, for everything after.
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<RequestLogMiddleware>();
        app.Use(SecurityHeaders.AddOnStarting);
        if (options.EnforceHttps && !app.Environment.IsDevelopment() && !app.Configuration.IsSandbox())
        {
            // TLS normally ends at the reverse proxy: with Hardening:KnownProxies set, X-Forwarded-Proto
            // tells these two that the client spoke HTTPS.
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseWhen(context => context.Request.Path.StartsWithSegments(SecurityHeaders.TokenPath), token => token.Use(LimitTokenFormAsync));

        // ASP.NET Core's CORS service answers every preflight from an allowed origin with Access-Control-Allow-Origin
        // and leaves checking the method and headers to the browser. Preflights for anything but an anonymous
        // read are answered here, like CORS answers an origin it refuses (204, no CORS headers); requests
        // carrying Authorization never reach the policy, so their answers carry no CORS headers either.
        app.Use((context, next) =>
        {
            if (PublicReadCors.IsPreflight(context.Request) && !PublicReadCors.IsPreflightForPublicRead(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseWhen(
            context => PublicReadCors.IsPublicRead(context.Request) || PublicReadCors.IsPreflight(context.Request),
            cors => cors.UseCors(PublicReadCors.PolicyName));
        return app;
    }

    /// <summary>
    /// Gives the token request its own body limit and form limits; OpenIddict reads the form later in the
    /// pipeline, when authentication runs. Too large a body is then Kestrel's 413; too many or too long
    /// fields, which the form reader reports as an InvalidDataException (an unexpected 500 otherwise),
    /// become a 413 problem too.
    /// </summary>
    private static async Task LimitTokenFormAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = size.MaxRequestBodySize is { } limit ? Math.Min(limit, TokenBodyLimit) : TokenBodyLimit;
        }

        if (context.Request.HasFormContentType)
        {
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, TokenForm));
        }

        try
        {
            await next(context);
        }
        catch (InvalidDataException e) when (!context.Response.HasStarted)
        {
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge,
                $"The token request's form is too large: {e.Message} Send only the OAuth 2.0 parameters.", null, e);
        }
    }
}
