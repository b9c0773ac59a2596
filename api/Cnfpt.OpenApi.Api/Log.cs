namespace Cnfpt.OpenApi.Api;

/// <summary>The API's log events (source-generated: no boxing or formatting when the level is off).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Seeding the database (scale {Scale})…")]
    public static partial void Seeding(ILogger logger, int scale);

    [LoggerMessage(2, LogLevel.Information, "Seeded: {Counts}")]
    public static partial void Seeded(ILogger logger, string counts);

    [LoggerMessage(5, LogLevel.Information, "Sandbox: attendance recorded and {Count} attestations issued for recent completed sessions")]
    public static partial void SeededAttestations(ILogger logger, int count);

    [LoggerMessage(3, LogLevel.Information, "The data model changed since the sandbox database was created: recreating it.")]
    public static partial void RecreatingSandbox(ILogger logger);

    [LoggerMessage(4, LogLevel.Error, "Unhandled exception on {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(100, LogLevel.Information, "Rate limit reached: the {Category} budget of {Limit} requests per {WindowSeconds} s of {Caller} is used up; answering 429 until the window ends")]
    public static partial void RateLimited(ILogger logger, string category, int limit, int windowSeconds, string caller);

    [LoggerMessage(200, LogLevel.Information, "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms to {ClientId} (trace {TraceId})")]
    public static partial void Request(ILogger logger, string method, string path, int statusCode, double elapsedMs, string clientId, string traceId);

    [LoggerMessage(300, LogLevel.Information, "Idempotency-Key {Key} of {ClientId}: replayed the first answer ({StatusCode}) to {Method} {Path}")]
    public static partial void IdempotencyReplayed(ILogger logger, string clientId, string key, string method, string path, int statusCode);

    [LoggerMessage(301, LogLevel.Information, "Idempotency-Key {Key} of {ClientId} reused with another request ({Method} {Path}): answering 422")]
    public static partial void IdempotencyKeyReused(ILogger logger, string clientId, string key, string method, string path);

    [LoggerMessage(302, LogLevel.Information, "Idempotency-Key {Key} of {ClientId}: the first request is still running ({Method} {Path}): answering 409")]
    public static partial void IdempotencyInProgress(ILogger logger, string clientId, string key, string method, string path);

    [LoggerMessage(303, LogLevel.Debug, "Idempotency-Key {Key} of {ClientId} released (status {StatusCode}, null if the request threw): a retry runs again")]
    public static partial void IdempotencyReleased(ILogger logger, string clientId, string key, int? statusCode);

    [LoggerMessage(304, LogLevel.Warning, "Idempotency-Key {Key} of {ClientId}: the request outlived the {TimeoutSeconds} s claim and another took the key over; its answer was not stored")]
    public static partial void IdempotencyClaimLost(ILogger logger, string clientId, string key, double timeoutSeconds);

    [LoggerMessage(305, LogLevel.Error, "Idempotency-Key {Key} of {ClientId}: the answer ({StatusCode}) could not be stored; retries get 409 until the claim times out, then run again")]
    public static partial void IdempotencyStoreFailed(ILogger logger, Exception exception, string clientId, string key, int statusCode);

    [LoggerMessage(306, LogLevel.Warning, "Idempotency-Key {Key} of {ClientId}: the claim could not be released; retries get 409 until it times out")]
    public static partial void IdempotencyReleaseFailed(ILogger logger, Exception exception, string clientId, string key);

    [LoggerMessage(307, LogLevel.Information, "Idempotency cleanup: {Count} expired records deleted")]
    public static partial void IdempotencyCleanedUp(ILogger logger, int count);

    [LoggerMessage(308, LogLevel.Warning, "Idempotency cleanup failed; it runs again at the next interval")]
    public static partial void IdempotencyCleanupFailed(ILogger logger, Exception exception);
}
