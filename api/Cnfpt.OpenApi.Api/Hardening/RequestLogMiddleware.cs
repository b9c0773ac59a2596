using System.Collections;
using System.Diagnostics;
using System.Security.Claims;

namespace Cnfpt.OpenApi.Api.Hardening;

/// <summary>
/// One Information event per request — method, path, status, elapsed time, client id, trace id — and a
/// logging scope (ClientId, TraceId) around the request, so that every other line it writes can be tied
/// to a caller and to the <c>traceId</c> of a problem.
/// </summary>
/// <remarks>
/// ASP.NET Core's HttpLogging could write this line, but it logs request headers and can log bodies unless
/// each is switched off, and the Authorization header, a token endpoint's form (client_secret) and OData
/// query strings (names, filters) must never reach a log. This middleware can only log what it names: the
/// path without its query string, and nothing from headers or bodies.
/// <para>
/// It runs before authentication, so the client is read when the response has completed (the log event)
/// or when a line is written (the scope), from the user that authentication left on the request.
/// </para>
/// </remarks>
internal sealed class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var method = context.Request.Method;
        var path = (context.Request.PathBase + context.Request.Path).ToString(); // escaped: no raw control characters
        var scope = new RequestLogScope(context, Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier);
        context.Response.OnCompleted(() =>
        {
            scope.Complete();
            Log.Request(logger, method, path, context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds, scope.ClientId, scope.TraceId);
            return Task.CompletedTask;
        });

        using (logger.BeginScope(scope))
        {
            await next(context);
        }
    }
}

/// <summary>
/// The request's scope: its trace id, and its client id read from the request's user each time a line is
/// written (anonymous until authentication has run); frozen when the request completes, so that a log
/// provider that reads scopes later never touches a recycled <see cref="HttpContext"/>.
/// </summary>
internal sealed class RequestLogScope(HttpContext context, string traceId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Anonymous = "anonymous";

    private HttpContext? _context = context;
    private string? _clientId;

    public string TraceId { get; } = traceId;

    public string ClientId => _clientId ?? ClientIdOf(_context?.User);

    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ClientId", ClientId),
        1 => new("TraceId", TraceId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>The access token's <c>client_id</c> (or its subject, the same id here), or "anonymous".</summary>
    public static string ClientIdOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true
            ? user.FindFirst("client_id")?.Value ?? user.FindFirst("sub")?.Value ?? Anonymous
            : Anonymous;

    public void Complete()
    {
        _clientId = ClientId;
        _context = null;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"ClientId:{ClientId} TraceId:{TraceId}";
}
