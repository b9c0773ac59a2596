using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cnfpt.OpenApi.Sdk.Http;

/// <summary>
/// The SDK is generated from one contract and calls only that version's URLs (<see cref="CnfptClient.ApiVersion"/>):
/// the version is pinned. When the server announces that this version is deprecated or will be switched off
/// (<c>Deprecation</c>, <c>Sunset</c> headers, RFC 9745 / 8594), it logs one warning per distinct announcement.
/// </summary>
internal sealed partial class ApiVersionHandler(ILogger<CnfptClient> logger) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var deprecation = Header(response, "Deprecation");
        var sunset = Header(response, "Sunset");
        if ((deprecation is not null || sunset is not null) && _warned.TryAdd($"{deprecation}|{sunset}", true))
        {
            LogDeprecated(logger, CnfptClient.ApiVersion, deprecation ?? "-", sunset ?? "-", Header(response, "Link") ?? "-");
        }

        return response;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    [LoggerMessage(1, LogLevel.Warning, "The CNFPT API version {Version} this SDK calls is deprecated (Deprecation: {Deprecation}, Sunset: {Sunset}, Link: {Link}): plan the move to a newer SDK.")]
    private static partial void LogDeprecated(ILogger logger, string version, string deprecation, string sunset, string link);
}
