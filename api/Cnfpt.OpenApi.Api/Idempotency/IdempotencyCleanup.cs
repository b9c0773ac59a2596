using System.Data.Common;
using Cnfpt.OpenApi.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cnfpt.OpenApi.Api.Idempotency;

/// <summary>
/// Deletes expired idempotency records every <see cref="IdempotencyOptions.CleanupInterval"/>, in batches of
/// <see cref="IdempotencyOptions.CleanupBatchSize"/> rows. Every instance runs it; they may overlap safely
/// (a row deleted twice is deleted once). Expired rows are ignored by the middleware anyway: this only keeps
/// the table small.
/// </summary>
internal sealed class IdempotencyCleanup(
    IDbContextFactory<CnfptDbContext> contexts,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock,
    ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    /// <summary>Soon after start (an instance restarted more often than hourly still cleans), not during it.</summary>
    private static readonly TimeSpan FirstPassDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CleanupInterval;
        try
        {
            await Task.Delay(FirstPassDelay < interval ? FirstPassDelay : interval, clock, stoppingToken);
            using var timer = new PeriodicTimer(interval, clock);
            do
            {
                try
                {
                    if (await DeleteExpiredAsync(stoppingToken) is > 0 and var deleted)
                    {
                        Log.IdempotencyCleanedUp(logger, deleted);
                    }
                }
                catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
                {
                    Log.IdempotencyCleanupFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>Deletes every record expired now, one bounded statement at a time; returns how many.</summary>
    internal async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var batch = options.Value.CleanupBatchSize;
        var total = 0;
        int deleted;
        do
        {
            var now = clock.GetUtcNow();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Tenant = TenantScope.All;
            deleted = await db.IdempotencyRecords
                .Where(r => r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt)
                .Take(batch)
                .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == batch);

        return total;
    }
}
