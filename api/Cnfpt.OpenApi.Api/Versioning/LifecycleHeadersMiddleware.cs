using Asp.Versioning;
using Cnfpt.OpenApi.Api.Errors;

namespace Cnfpt.OpenApi.Api.Versioning;

/// <summary>
/// Outermost middleware. (1) <c>/v3/…</c> and any other version that does not exist: 404 problem
/// <c>unknown-api-version</c> listing the supported versions. (2) Every response carries
/// <c>api-supported-versions</c> and <c>api-deprecated-versions</c>, and every response under a deprecated
/// prefix its <c>Deprecation</c> (RFC 9745), <c>Sunset</c> (RFC 8594) and <c>Link</c> headers. Asp.Versioning
/// writes them on MVC responses; this fills them in, from the same policies, where MVC never ran: <c>$batch</c>
/// (OData answers it before routing), 404s of unknown paths, 401/429 of the authentication and rate limiters,
/// and the exception handler's 500s.
/// </summary>
internal sealed class LifecycleHeadersMiddleware(
    RequestDelegate next,
    IPolicyManager<SunsetPolicy> sunsetPolicies,
    IPolicyManager<DeprecationPolicy> deprecationPolicies)
{
    private const string Supported = "api-supported-versions";
    private const string DeprecatedHeader = "api-deprecated-versions";

    private static readonly string SupportedValue = string.Join(", ", ApiVersions.Supported.Except(ApiVersions.Deprecated));
    private static readonly string DeprecatedValue = string.Join(", ", ApiVersions.Deprecated);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var version = ApiVersions.FromPath(context.Request.Path, out var namesAVersion);
        context.Response.OnStarting(() =>
        {
            AddHeaders(context.Response, version);
            return Task.CompletedTask;
        });

        if (namesAVersion && version is null)
        {
            await UnknownVersionAsync(context);
            return;
        }

        await next(context);
    }

    private void AddHeaders(HttpResponse response, ApiVersion? version)
    {
        var headers = response.Headers;
        if (!headers.ContainsKey(Supported))
        {
            headers[Supported] = SupportedValue;
            headers[DeprecatedHeader] = DeprecatedValue;
        }

        if (version is null || headers.ContainsKey("Sunset") || headers.ContainsKey("Deprecation"))
        {
            return;
        }

        if (sunsetPolicies.TryResolvePolicy(null, version, out var sunset))
        {
            response.WriteSunsetPolicy(sunset);
        }

        if (deprecationPolicies.TryResolvePolicy(null, version, out var deprecation))
        {
            response.WriteDeprecationPolicy(deprecation);
        }
    }

    private static async Task UnknownVersionAsync(HttpContext context)
    {
        var prefix = context.Request.Path.Value!.Split('/', 3)[1];
        var supported = ApiVersions.Supported.Select(ApiVersions.Prefix).ToArray();
        var problem = ProblemDetailsSetup.Create(StatusCodes.Status404NotFound, ProblemCodes.UnknownApiVersion,
            $"API version '{prefix}' does not exist. Supported versions: {string.Join(", ", supported)} "
            + $"({string.Join(", ", ApiVersions.Deprecated.Select(ApiVersions.Prefix))} deprecated). See docs/versioning.md.",
            "version");
        problem.Extensions["supportedVersions"] = supported;
        problem.Extensions["deprecatedVersions"] = ApiVersions.Deprecated.Select(ApiVersions.Prefix).ToArray();
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
