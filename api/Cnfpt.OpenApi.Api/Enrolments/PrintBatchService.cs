using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Api.Enrolments;

/// <summary>
/// Puts the ARs of collectivités that exchange on paper into the day's print batch (one batch per Paris day,
/// unique in the database), which the back office prints and mails (<see cref="PrintBatchesController"/>).
/// </summary>
public sealed class PrintBatchService(TimeProvider clock)
{
    /// <summary>
    /// When the AR's collectivité prefers paper, sets <see cref="Acknowledgement.PrintBatchId"/> to today's
    /// batch (Europe/Paris day), creating the batch if needed; for a digital collectivité it does nothing.
    /// If today's batch was already marked sent, the AR goes into the next day's batch, so that nothing lands
    /// in a batch nobody will print again.
    /// </summary>
    /// <remarks>
    /// Call it inside the caller's transaction, on the caller's context: it commits nothing itself, and the AR
    /// is saved by the caller's next <c>SaveChanges</c>. Creating the batch is safe under concurrency. On
    /// PostgreSQL it is an <c>INSERT … ON CONFLICT (day) DO NOTHING</c> followed by a read, which never aborts
    /// the caller's transaction; a concurrent transaction creating the same day's batch makes this one wait
    /// until it ends, and the batch row is read <c>FOR SHARE</c> so that marking it sent waits for this
    /// transaction too. On other providers (the SQLite sandbox) the batch is added and saved with
    /// <c>SaveChanges</c> on the same context — which also saves the caller's pending changes — and a unique
    /// violation (another request created it first) is answered by reading the winner's row.
    /// </remarks>
    public async Task AttachIfPaperAsync(CnfptDbContext db, Acknowledgement ack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ack);
        ack.PrintBatchId = await PaperBatchIdAsync(db, ack.CollectiviteId, cancellationToken);
    }

    /// <summary>
    /// Today's open print batch when <paramref name="collectiviteId"/> exchanges on paper (created if needed, as
    /// described on <see cref="AttachIfPaperAsync(CnfptDbContext, Acknowledgement, CancellationToken)"/>); null for a digital collectivité. Attestations use it too.
    /// </summary>
    public async Task<int?> PaperBatchIdAsync(CnfptDbContext db, int collectiviteId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        // The preference of the document's own collectivité is no secret to hide from this request: read it
        // whatever the context's tenant scope (the enrolment's caller, or back-office code).
        var preference = await db.Collectivites.IgnoreQueryFilters()
            .Where(c => c.Id == collectiviteId)
            .Select(c => c.ExchangePreference)
            .FirstAsync(cancellationToken);
        if (preference != ExchangePreference.Paper)
        {
            return null;
        }

        var day = FrenchFormat.ParisDay(clock.GetUtcNow());
        while (true)
        {
            var batch = await FindAsync(db, day, cancellationToken) ?? await CreateAsync(db, day, cancellationToken);
            if (batch.SentAt is null)
            {
                return batch.Id;
            }

            day = day.AddDays(1);
        }
    }

    /// <summary>
    /// <see cref="AttachIfPaperAsync(CnfptDbContext, Acknowledgement, CancellationToken)"/> for the ARs of a bulk submission ($batch): the collectivités' preferences in
    /// one query and today's batch resolved once for all the paper ones.
    /// </summary>
    public async Task AttachIfPaperAsync(CnfptDbContext db, IReadOnlyCollection<Acknowledgement> acks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(acks);
        var collectivites = acks.Select(a => a.CollectiviteId).Distinct().ToList();
        var paper = await db.Collectivites.IgnoreQueryFilters()
            .Where(c => collectivites.Contains(c.Id) && c.ExchangePreference == ExchangePreference.Paper)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var first = true;
        var batchId = 0;
        foreach (var ack in acks.Where(a => paper.Contains(a.CollectiviteId)))
        {
            if (first)
            {
                await AttachIfPaperAsync(db, ack, cancellationToken);
                batchId = ack.PrintBatchId!.Value;
                first = false;
            }
            else
            {
                ack.PrintBatchId = batchId;
            }
        }
    }

    private static async Task<PrintBatch?> FindAsync(CnfptDbContext db, DateOnly day, CancellationToken cancellationToken)
    {
        // One batch per day (unique index); the raw SQL is left uncomposed so that FOR SHARE stays where PostgreSQL wants it.
        var query = db.Database.IsNpgsql()
            ? db.PrintBatches.FromSql($"SELECT * FROM print_batches WHERE day = {day} ORDER BY id LIMIT 1 FOR SHARE")
            : db.PrintBatches.Where(b => b.Day == day).OrderBy(b => b.Id).Take(1);
        return (await query.AsNoTracking().ToListAsync(cancellationToken)).SingleOrDefault();
    }

    private async Task<PrintBatch> CreateAsync(CnfptDbContext db, DateOnly day, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO print_batches (day, created_at) VALUES ({day}, {now.UtcDateTime}) ON CONFLICT (day) DO NOTHING", cancellationToken);
        }
        else
        {
            var batch = new PrintBatch { Day = day, CreatedAt = now };
            db.PrintBatches.Add(batch);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                db.Entry(batch).State = EntityState.Detached;
                return batch;
            }
            catch (DbUpdateException)
            {
                // Another request created the day's batch first (unique index on day): use theirs.
                db.Entry(batch).State = EntityState.Detached;
            }
        }

        return await FindAsync(db, day, cancellationToken)
            ?? throw new InvalidOperationException($"The print batch of {day:yyyy-MM-dd} was neither created nor found.");
    }
}
