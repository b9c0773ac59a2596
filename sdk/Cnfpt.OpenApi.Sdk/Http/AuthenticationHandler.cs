using System.Net;
using System.Net.Http.Headers;

namespace Cnfpt.OpenApi.Sdk.Http;

/// <summary>
/// Adds the bearer token (inside the retry handler, so that a retry after a long wait gets a fresh one), and on a
/// 401 <c>invalid_token</c> (expired, revoked keys rotated) fetches a new token and sends the request once more.
/// </summary>
internal sealed class AuthenticationHandler(TokenCache tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!tokens.Enabled || request.Headers.Authorization is not null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var token = await tokens.GetAsync(null, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized
            || !response.Headers.WwwAuthenticate.Any(h => h.Parameter?.Contains("invalid_token", StringComparison.Ordinal) == true))
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(token, cancellationToken).ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
