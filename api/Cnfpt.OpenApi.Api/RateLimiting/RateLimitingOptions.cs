namespace Cnfpt.OpenApi.Api.RateLimiting;

/// <summary>
/// Settings of the "RateLimiting" configuration section: one request budget per caller kind (anonymous,
/// counted per IP address; authenticated, counted per client id) and per category (read, write,
/// statistics), renewed every <see cref="WindowSeconds"/>. docs/rate-limits.md explains them to clients.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Off: no limiter and no RateLimit headers (load benchmarks, a deployment limited upstream).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Length of a budget window. Windows are aligned on the Unix epoch, so they end at the same instant for everyone.</summary>
    public int WindowSeconds { get; set; } = 60;

    public int AnonymousRead { get; set; } = 300;

    public int AnonymousWrite { get; set; } = 30;

    public int AnonymousStatistics { get; set; } = 60;

    public int AuthenticatedRead { get; set; } = 1200;

    public int AuthenticatedWrite { get; set; } = 300;

    public int AuthenticatedStatistics { get; set; } = 600;

    internal int LimitOf(bool authenticated, RateLimitCategory category) => (authenticated, category) switch
    {
        (false, RateLimitCategory.Read) => AnonymousRead,
        (false, RateLimitCategory.Write) => AnonymousWrite,
        (false, _) => AnonymousStatistics,
        (true, RateLimitCategory.Read) => AuthenticatedRead,
        (true, RateLimitCategory.Write) => AuthenticatedWrite,
        (true, _) => AuthenticatedStatistics,
    };

    internal bool IsValid() =>
        WindowSeconds is >= 1 and <= 86_400
        && new[] { AnonymousRead, AnonymousWrite, AnonymousStatistics, AuthenticatedRead, AuthenticatedWrite, AuthenticatedStatistics }.All(limit => limit >= 1);
}

/// <summary>What a request spends: each category has its own budget, so heavy reads never block writes.</summary>
public enum RateLimitCategory
{
    /// <summary>GET, HEAD, OPTIONS outside the statistics paths.</summary>
    Read,

    /// <summary>Every other method (POST, PUT, PATCH, DELETE, $batch) outside the statistics paths.</summary>
    Write,

    /// <summary>Any method on a path whose second segment is Statistics (/v1/Statistics…, /v2/Statistics/…): aggregates cost more.</summary>
    Statistics,
}
