namespace Cnfpt.OpenApi.Sdk.Http;

/// <summary>
/// Gives every write that has none an <c>Idempotency-Key</c>. It sits OUTSIDE the retry handler: the key is set once
/// per call, and every retry of that call re-sends the same request message with the same key, so the API runs the
/// write once and replays its answer to the retries (docs/idempotency.md).
/// </summary>
internal sealed class IdempotencyKeyHandler : DelegatingHandler
{
    public const string Header = "Idempotency-Key";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsWrite(request.Method) && !request.Headers.Contains(Header))
        {
            request.Headers.TryAddWithoutValidation(Header, Guid.NewGuid().ToString("N"));
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static bool IsWrite(HttpMethod method) =>
        method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch || method == HttpMethod.Delete;
}
