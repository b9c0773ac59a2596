namespace Cnfpt.OpenApi.Api.Idempotency;

/// <summary>
/// Settings of the "Idempotency" configuration section (docs/idempotency.md). Durations use .NET's TimeSpan
/// format: <c>"1.00:00:00"</c> is a day (<c>"24:00:00"</c> does not parse).
/// </summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a completed request's answer is replayed, counted from the first request.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a claim blocks its key while its request runs. A claim older than this (its instance died
    /// mid-request, so it was never completed nor released) counts as expired and the key may run again;
    /// it must exceed the longest write the API serves.
    /// </summary>
    public TimeSpan InProgressTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often each instance deletes expired records.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per DELETE statement of the cleanup, so that no statement holds locks for long.</summary>
    public int CleanupBatchSize { get; set; } = 1000;

    internal bool IsValid() =>
        InProgressTimeout > TimeSpan.Zero
        && Retention >= InProgressTimeout
        && CleanupInterval > TimeSpan.Zero
        && CleanupBatchSize >= 1;
}
