namespace Cnfpt.OpenApi.Sdk.Http;

/// <summary>
/// Outermost handler: once retries are over, an error answer becomes a <see cref="CnfptProblemException"/>, so that
/// generated and hand-written calls fail the same typed way (the generated ApiException knows nothing of codes).
/// </summary>
internal sealed class ProblemHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode < 400)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new CnfptProblemException(CnfptProblem.Parse(response.StatusCode, body));
        }
    }
}
