namespace Cnfpt.OpenApi.Api;

/// <summary>The API's log events (source-generated: no boxing or formatting when the level is off).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Seeding the database (scale {Scale})…")]
    public static partial void Seeding(ILogger logger, int scale);

    [LoggerMessage(2, LogLevel.Information, "Seeded: {Counts}")]
    public static partial void Seeded(ILogger logger, string counts);

    [LoggerMessage(3, LogLevel.Information, "The data model changed since the sandbox database was created: recreating it.")]
    public static partial void RecreatingSandbox(ILogger logger);

    [LoggerMessage(4, LogLevel.Error, "Unhandled exception on {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(100, LogLevel.Information, "Rate limit reached: the {Category} budget of {Limit} requests per {WindowSeconds} s of {Caller} is used up; answering 429 until the window ends")]
    public static partial void RateLimited(ILogger logger, string category, int limit, int windowSeconds, string caller);

    [LoggerMessage(200, LogLevel.Information, "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms to {ClientId} (trace {TraceId})")]
    public static partial void Request(ILogger logger, string method, string path, int statusCode, double elapsedMs, string clientId, string traceId);
}
