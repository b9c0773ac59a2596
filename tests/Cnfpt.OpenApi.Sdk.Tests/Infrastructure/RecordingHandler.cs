using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Cnfpt.OpenApi.Sdk.Tests.Infrastructure;

/// <summary>
/// Sits between the SDK's retry handler and the API: records every attempt (method, path, status, Idempotency-Key,
/// time), and can throw away the API's answer to the first <see cref="FailAfterServer"/> matching requests, after the
/// server has handled (and committed) them, as a lost connection would.
/// </summary>
public sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _failures;

    public ConcurrentQueue<Attempt> Attempts { get; } = new();

    public int FailAfterServer { get; init; }

    public Func<HttpRequestMessage, bool> FailWhen { get; init; } = _ => true;

    public HttpStatusCode FailWith { get; init; } = HttpStatusCode.ServiceUnavailable;

    public Action<HttpResponseMessage>? Tamper { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Headers.TryGetValues("Idempotency-Key", out var values) ? values.Single() : null;
        var started = Stopwatch.GetTimestamp();
        var response = await base.SendAsync(request, cancellationToken);
        Tamper?.Invoke(response);
        var injected = FailWhen(request) && Interlocked.Increment(ref _failures) <= FailAfterServer;
        Attempts.Enqueue(new Attempt(request.Method, request.RequestUri!.PathAndQuery, response.StatusCode, injected ? FailWith : response.StatusCode, key,
            response.Headers.RetryAfter?.Delta, started, Stopwatch.GetTimestamp()));
        if (!injected)
        {
            return response;
        }

        response.Dispose();
        return new HttpResponseMessage(FailWith) { RequestMessage = request, Content = new StringContent("injected failure") };
    }

    public sealed record Attempt(HttpMethod Method, string Path, HttpStatusCode ServerStatus, HttpStatusCode SeenStatus, string? IdempotencyKey,
        TimeSpan? RetryAfter, long StartedAt, long EndedAt);
}
