using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Cnfpt.OpenApi.Api.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cnfpt.OpenApi.Api.RateLimiting;

/// <summary>
/// The global limiter: one fixed-window budget per (caller kind, caller, category, window index), where the
/// window index is floor(Unix time / window). Putting the window in the partition key, instead of letting a
/// limiter replenish on its own timer, makes every budget end at a known instant: the reset time sent to
/// clients (RateLimit <c>t</c>, <c>Retry-After</c>) is exact, not an estimate.
/// </summary>
/// <remarks>
/// Old partitions are cleaned up by <see cref="PartitionedRateLimiter"/> itself (read in
/// System.Threading.RateLimiting's DefaultPartitionedRateLimiter and FixedWindowRateLimiter): a 100 ms
/// heartbeat replenishes each partition once its <c>Window</c> has elapsed since its creation (so never
/// inside its own window, which ends sooner), which marks it idle; a partition idle for more than 10 s is
/// removed and disposed. A budget therefore lives at most about one window + 10 s, and memory is bounded by
/// the callers active in the last window or so.
/// </remarks>
internal sealed class RateLimitBudgets : IDisposable
{
    /// <summary>The client id claim of JWT access tokens (RFC 9068); failing it, <c>sub</c>, which our client-credentials tokens set to the client id.</summary>
    private const string ClientIdClaim = "client_id";

    private readonly RateLimitingOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RateLimitBudgets> _logger;
    private readonly long _windowMilliseconds;
    private readonly Func<BudgetKey, FixedWindowRateLimiterOptions> _limiterOptions;

    // Budgets already reported as exhausted in the log: one line per budget and window, not one per
    // rejected request (a runaway client would otherwise flood the log). Pruned when a window passes.
    private readonly ConcurrentDictionary<BudgetKey, bool> _reported = new();
    private long _reportedWindow;

    public RateLimitBudgets(IOptions<RateLimitingOptions> options, TimeProvider clock, ILogger<RateLimitBudgets> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _windowMilliseconds = _options.WindowSeconds * 1000L;
        _limiterOptions = key => new FixedWindowRateLimiterOptions
        {
            PermitLimit = _options.LimitOf(key.Authenticated, key.Category),
            Window = TimeSpan.FromMilliseconds(_windowMilliseconds),
            QueueLimit = 0, // refuse at once: a queued API call only makes the client's timeout fire later
            AutoReplenishment = false, // the partitioned limiter's heartbeat replenishes (and so retires) partitions
        };
        Limiter = PartitionedRateLimiter.Create<HttpContext, BudgetKey>(
            context => RateLimitPartition.GetFixedWindowLimiter(BudgetOf(context).Key, _limiterOptions));
    }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>
    /// The budget this request spends, resolved on the limiter's first call and kept on the request: the
    /// limiter calls the partitioner again (a rejected attempt is retried as a wait; statistics), and every
    /// call must land on the same window even if the clock has moved on. Reads <c>User</c> at that moment,
    /// so it sees the authenticated client when the limiter runs after authentication.
    /// </summary>
    public RateLimitBudget BudgetOf(HttpContext context)
    {
        if (context.Features.Get<RateLimitBudget>() is { } known)
        {
            return known;
        }

        var user = context.User;
        var clientId = user.Identity?.IsAuthenticated == true
            ? user.FindFirst(ClientIdClaim)?.Value ?? user.FindFirst("sub")?.Value
            : null;
        var authenticated = !string.IsNullOrEmpty(clientId);
        var caller = authenticated ? clientId! : AddressOf(context.Connection.RemoteIpAddress);
        var category = CategoryOf(context.Request);
        var window = _clock.GetUtcNow().ToUnixTimeMilliseconds() / _windowMilliseconds;

        var budget = new RateLimitBudget(
            new BudgetKey(authenticated, caller, category, window),
            _options.LimitOf(authenticated, category),
            _options.WindowSeconds,
            DateTimeOffset.FromUnixTimeMilliseconds((window + 1) * _windowMilliseconds));
        context.Features.Set(budget);
        return budget;
    }

    /// <summary>Seconds until the request's budget is renewed: at least 1, at most one window.</summary>
    public int SecondsToReset(RateLimitBudget budget) =>
        Math.Clamp((int)Math.Ceiling((budget.ResetsAt - _clock.GetUtcNow()).TotalSeconds), 1, budget.WindowSeconds);

    /// <summary>
    /// Runs right after the limiter let a request through: reads what is left of its budget now (the
    /// partition's own counter, so it counts this request and every earlier one of the window) and adds
    /// the headers when the response starts, whoever writes it.
    /// </summary>
    public void OnAdmitted(HttpContext context)
    {
        if (context.Features.Get<RateLimitBudget>() is not { } budget)
        {
            return; // the endpoint opted out ([DisableRateLimiting]): no budget was spent, nothing to say
        }

        var remaining = Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
        context.Response.OnStarting(() =>
        {
            WriteHeaders(context.Response, budget, remaining, SecondsToReset(budget));
            return Task.CompletedTask;
        });
    }

    /// <summary>The 429: RFC 9457 problem, Retry-After and RateLimit headers, one log line per exhausted budget and window.</summary>
    public async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var budget = BudgetOf(context);
        // Not the lease's RetryAfter: FixedWindowRateLimiter counts a whole window from the partition's
        // creation, whereas this budget ends at its aligned window's end.
        var retryAfter = SecondsToReset(budget);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        WriteHeaders(context.Response, budget, 0, retryAfter);
        ReportOnce(budget);

        var detail = budget.Key.Authenticated
            ? string.Create(CultureInfo.InvariantCulture,
                $"The {budget.PolicyName} budget of client '{budget.Key.Caller}' is {budget.Limit} requests per {budget.WindowSeconds} s and it is used up; retry after {retryAfter} s (Retry-After header). See docs/rate-limits.md.")
            : string.Create(CultureInfo.InvariantCulture,
                $"The {budget.PolicyName} budget of anonymous callers is {budget.Limit} requests per {budget.WindowSeconds} s per IP address and this address has used it up; retry after {retryAfter} s (Retry-After header){(_options.LimitOf(true, budget.Key.Category) > budget.Limit ? ", or authenticate for a larger budget" : "")}. See docs/rate-limits.md.");
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ProblemDetailsSetup.Create(StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited, detail),
        });
    }

    public void Dispose() => Limiter.Dispose();

    /// <summary>read for GET/HEAD/OPTIONS, write for every other method, statistics for /{version}/Statistics… whatever the method.</summary>
    internal static RateLimitCategory CategoryOf(HttpRequest request)
    {
        if (IsStatisticsPath(request.Path))
        {
            return RateLimitCategory.Statistics;
        }

        var method = request.Method;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            ? RateLimitCategory.Read
            : RateLimitCategory.Write;
    }

    /// <summary>True when the second segment is Statistics, with or without an OData key: /v1/Statistics, /v2/Statistics(…), /v2/Statistics/….</summary>
    internal static bool IsStatisticsPath(PathString path)
    {
        var value = path.Value.AsSpan();
        if (value.Length < 2 || value[0] != '/')
        {
            return false;
        }

        var firstEnd = value[1..].IndexOf('/');
        if (firstEnd < 0)
        {
            return false;
        }

        var second = value[(firstEnd + 2)..];
        var secondEnd = second.IndexOfAny('/', '(');
        // Case-insensitive so that /v1/statistics cannot be used to spend the (larger) read budget instead.
        return (secondEnd < 0 ? second : second[..secondEnd]).Equals("Statistics", StringComparison.OrdinalIgnoreCase);
    }

    private static string AddressOf(System.Net.IPAddress? address) => address switch
    {
        null => "unknown",
        // Kestrel's dual-mode sockets report IPv4 clients as ::ffff:a.b.c.d: one client, one budget.
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
        _ => address.ToString(),
    };

    /// <summary>The draft-ietf-httpapi-ratelimit-headers fields, structured-field form.</summary>
    private static void WriteHeaders(HttpResponse response, RateLimitBudget budget, long remaining, int secondsToReset)
    {
        response.Headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture,
            $"\"{budget.PolicyName}\";q={budget.Limit};w={budget.WindowSeconds}");
        response.Headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture,
            $"\"{budget.PolicyName}\";r={remaining};t={secondsToReset}");
    }

    private void ReportOnce(RateLimitBudget budget)
    {
        var key = budget.Key;
        if (key.Window > Interlocked.Read(ref _reportedWindow))
        {
            Interlocked.Exchange(ref _reportedWindow, key.Window);
            foreach (var old in _reported.Keys.Where(k => k.Window < key.Window))
            {
                _reported.TryRemove(old, out _);
            }
        }

        if (_reported.TryAdd(key, true))
        {
            Log.RateLimited(_logger, budget.PolicyName, budget.Limit, budget.WindowSeconds,
                key.Authenticated ? "client " + key.Caller : "an anonymous IP address");
        }
    }
}

/// <summary>A budget: who spends it, on what, and in which window (window index = floor(Unix time / window)).</summary>
internal readonly record struct BudgetKey(bool Authenticated, string Caller, RateLimitCategory Category, long Window);

/// <summary>The budget a request spends, kept in its features so that every step of the request sees the same one.</summary>
internal sealed class RateLimitBudget(BudgetKey key, int limit, int windowSeconds, DateTimeOffset resetsAt)
{
    public BudgetKey Key { get; } = key;

    public int Limit { get; } = limit;

    public int WindowSeconds { get; } = windowSeconds;

    public DateTimeOffset ResetsAt { get; } = resetsAt;

    /// <summary>The policy name in the RateLimit headers: read, write or statistics.</summary>
    public string PolicyName => Key.Category switch
    {
        RateLimitCategory.Read => "read",
        RateLimitCategory.Write => "write",
        _ => "statistics",
    };
}
