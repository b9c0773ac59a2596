using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cnfpt.OpenApi.Core.Enrolments;

/// <summary>What one bulletin of a bulk submission came to: the enrolment (Accepted or Waitlisted), or the rule that refused it.</summary>
public sealed record SubmissionOutcome(EnrolmentRequest Request, Enrolment? Enrolment, RuleViolationException? Violation);

/// <summary>The outcomes of <see cref="EnrolmentWorkflow.SubmitManyAsync"/>, in request order, and whether anything was written.</summary>
public sealed record BulkSubmission(IReadOnlyList<SubmissionOutcome> Outcomes, bool Written);

/// <summary>
/// Bulk submission (the <c>$batch</c> fast path, docs/batch.md): many bulletins checked and written in a few
/// set-based statements, with exactly the outcomes that <see cref="SubmitAsync"/> would give them one after
/// the other in the same order.
/// </summary>
public sealed partial class EnrolmentWorkflow
{
    private SubmissionOutcome? _prepared;

    /// <summary>
    /// Runs after the ARs of a bulk submission are created, before its seats are taken; when null, bulk submissions
    /// call <see cref="OnAcknowledged"/> once per AR instead.
    /// </summary>
    public Func<IReadOnlyList<(Acknowledgement Acknowledgement, Collectivite Collectivite)>, CancellationToken, Task>? OnAcknowledgedMany { get; set; }

    /// <summary>Whether <see cref="SubmitManyAsync"/> works on this database (PostgreSQL: row locks, sequences).</summary>
    public bool CanSubmitMany => db.Database.IsNpgsql();

    /// <summary>True while a prepared outcome waits for its <see cref="SubmitAsync"/> call.</summary>
    public bool HasPrepared => _prepared is not null;

    /// <summary>
    /// Hands the outcome of a bulk submission to the next <see cref="SubmitAsync"/> call of this (request-scoped)
    /// workflow, which returns it (or throws its violation) instead of submitting again: the $batch fast path
    /// writes set-based, then lets each inner request render its answer through the ordinary endpoint.
    /// </summary>
    public void Prepare(SubmissionOutcome outcome) => _prepared = outcome ?? throw new ArgumentNullException(nameof(outcome));

    private SubmissionOutcome? TakePrepared(EnrolmentRequest request)
    {
        if (_prepared is not { } prepared)
        {
            return null;
        }

        _prepared = null;
        return prepared.Request == request
            ? prepared
            : throw new InvalidOperationException($"The prepared outcome is for {prepared.Request}, not for {request}: the $batch fast path parsed a body differently from the endpoint.");
    }

    /// <summary>
    /// Submits <paramref name="requests"/> in one transaction, as if each were submitted alone, in order: the same
    /// checks and messages, the same rows (bulletin, events, AR, print batch), seats taken in arrival order (the rest
    /// waitlisted). Independent (<paramref name="atomic"/> false): every valid bulletin is written, the others
    /// answer their violation. Atomic: nothing is written if any bulletin is refused. Returns null, with nothing
    /// written, when a concurrent submission of the same agent and session won the race (the unique index refused
    /// the insert): submit these one by one then, to tell which.
    /// </summary>
    /// <remarks>
    /// Round trips, whatever the count: agents, sessions, live enrolments, ids, the print batch, the lock of the
    /// sessions' rows, one UPDATE per session, three binary COPYs (bulletins, events, ARs), the commit. The session rows are locked
    /// (<c>FOR UPDATE</c>, in id order so that bulk submissions never deadlock each other) before seats are
    /// counted, and the UPDATE re-checks the capacity: nothing can overbook a session.
    /// </remarks>
    public async Task<BulkSubmission?> SubmitManyAsync(IReadOnlyList<EnrolmentRequest> requests, string actor, bool atomic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (!CanSubmitMany)
        {
            throw new NotSupportedException("Bulk submission needs PostgreSQL; submit one by one elsewhere.");
        }

        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            return await SubmitManyCoreAsync(requests, actor, atomic, cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    private async Task<BulkSubmission?> SubmitManyCoreAsync(IReadOnlyList<EnrolmentRequest> requests, string actor, bool atomic, CancellationToken cancellationToken)
    {
        var outcomes = new SubmissionOutcome?[requests.Count];
        var motives = new string?[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            motives[i] = ValidMotive(requests[i], out var invalid);
            outcomes[i] = invalid is null ? null : new SubmissionOutcome(requests[i], null, invalid);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var agentIds = requests.Where((_, i) => outcomes[i] is null).Select(r => r.AgentId).Distinct().ToList();
        var sessionIds = requests.Where((_, i) => outcomes[i] is null).Select(r => r.SessionId).Distinct().ToList();
        // Not tracked: nothing here is saved through the change tracker (see CopyAsync).
        var agents = await db.Agents.AsNoTracking().Include(a => a.Collectivite).Where(a => agentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var sessions = await db.Sessions.AsNoTracking().Include(s => s.Course).Where(s => sessionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var today = ParisDay(now);

        // The checks of one bulletin alone, in SubmitAsync's order; those left are the candidates.
        var candidates = new List<int>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (outcomes[i] is not null)
            {
                continue;
            }

            var request = requests[i];
            var violation = !agents.TryGetValue(request.AgentId, out var agent)
                ? new RuleViolationException("agent-not-found", RuleViolationKind.Unprocessable, $"No agent {request.AgentId} among the collectivités you act for.", "agentId")
                : !sessions.TryGetValue(request.SessionId, out var session)
                    ? new RuleViolationException("session-not-found", RuleViolationKind.Unprocessable, $"No session {request.SessionId}.", "sessionId")
                    : SessionRuleViolation(agent, session, today);
            if (violation is null)
            {
                candidates.Add(i);
            }
            else
            {
                outcomes[i] = new SubmissionOutcome(request, null, violation);
            }
        }

        // Against the agents' live enrolments, including the ones this submission made before (as one by one).
        var live = (await LiveEnrolmentsAsync([.. candidates.Select(i => requests[i].AgentId).Distinct()], cancellationToken))
            .GroupBy(e => e.AgentId).ToDictionary(g => g.Key, g => g.ToList());
        var ids = await NextEnrolmentIdsAsync(candidates.Count, cancellationToken);
        var created = new List<(Enrolment Enrolment, Agent Agent, Session Session)>(candidates.Count);
        foreach (var i in candidates)
        {
            var request = requests[i];
            var (agent, session) = (agents[request.AgentId], sessions[request.SessionId]);
            var mine = live.TryGetValue(agent.Id, out var list) ? list : live[agent.Id] = [];
            if (LiveRuleViolation(agent, session, mine) is { } conflict)
            {
                outcomes[i] = new SubmissionOutcome(request, null, conflict);
                continue;
            }

            var enrolment = NewEnrolment(request, motives[i]!, agent, session, actor, now);
            enrolment.Id = ids[created.Count];
            enrolment.Version = 2; // as SubmitAsync: a new bulletin's first ETag
            mine.Add(new LiveEnrolment(enrolment.Id, agent.Id, session.Id, session.StartDate, session.EndDate));
            created.Add((enrolment, agent, session));
            outcomes[i] = new SubmissionOutcome(request, enrolment, null);
        }

        if (created.Count == 0 || (atomic && outcomes.Any(o => o!.Violation is not null)))
        {
            return new BulkSubmission(outcomes!, Written: false); // the transaction is rolled back: ids drawn are lost, as for failed single submissions
        }

        var acknowledged = created.Select(c => (Acknowledge(c.Enrolment, c.Agent, c.Session, now), c.Agent.Collectivite!)).ToList();
        await AcknowledgedAsync(acknowledged, cancellationToken);
        var enrolments = created.Select(c => c.Enrolment).ToList();
        await TakeSeatsAsync(enrolments, now, cancellationToken);
        try
        {
            await CopyAsync(enrolments, acknowledged.Select(a => a.Item1).ToList(), cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "ux_enrolments_live_agent_session")
        {
            return null; // disposing the transaction rolls it back
        }

        await transaction.CommitAsync(cancellationToken);
        return new BulkSubmission(outcomes!, Written: true);
    }

    /// <summary>
    /// The same rows as SaveChanges would insert, by binary COPY: for a hundred bulletins, their three hundred events
    /// and their ARs, the change tracker costs several times the CPU of the copy (the bulk path exists for that).
    /// </summary>
    private async Task CopyAsync(List<Enrolment> enrolments, List<Acknowledgement> acknowledgements, CancellationToken cancellationToken)
    {
        await BulkCopy.CopyAsync(db, enrolments, withKeys: true, cancellationToken);
        var events = enrolments.SelectMany(e => e.Events.Select(v =>
        {
            v.EnrolmentId = e.Id;
            return v;
        })).ToList();
        await BulkCopy.CopyAsync(db, events, withKeys: false, cancellationToken);
        await BulkCopy.CopyAsync(db, acknowledgements, withKeys: false, cancellationToken);
    }

    private async Task AcknowledgedAsync(List<(Acknowledgement Acknowledgement, Collectivite Collectivite)> acknowledged, CancellationToken cancellationToken)
    {
        if (OnAcknowledgedMany is { } many)
        {
            await many(acknowledged, cancellationToken);
        }
        else if (OnAcknowledged is { } one)
        {
            foreach (var (acknowledgement, collectivite) in acknowledged)
            {
                await one(acknowledgement, collectivite, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Seats for the new bulletins, in arrival order: each session's row is locked, its free seats go to its first
    /// bulletins (Accepted), the others are Waitlisted; then one UPDATE per session, which re-checks the capacity.
    /// </summary>
    private async Task TakeSeatsAsync(List<Enrolment> enrolments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sessionIds = enrolments.Select(e => e.SessionId).Distinct().Order().ToArray();
        var rows = await db.Database
            .SqlQuery<SeatRow>($"SELECT id, capacity, seats_taken, status FROM sessions WHERE id = ANY({sessionIds}) ORDER BY id FOR UPDATE")
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            // What TakeSeatAsync requires of each single submission: an open (or full) session with a seat left.
            var open = row.Status is nameof(SessionStatus.OpenForEnrolment) or nameof(SessionStatus.Full);
            var mine = enrolments.Where(e => e.SessionId == row.Id).ToList();
            var taken = open ? Math.Clamp(row.Capacity - row.SeatsTaken, 0, mine.Count) : 0;
            for (var i = 0; i < mine.Count; i++)
            {
                if (i < taken)
                {
                    Accept(mine[i], now);
                }
                else
                {
                    Waitlist(mine[i], now);
                }
            }

            if (taken == 0)
            {
                continue;
            }

            var updated = await db.Sessions
                .Where(s => s.Id == row.Id && s.SeatsTaken + taken <= s.Capacity)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.SeatsTaken, s => s.SeatsTaken + taken)
                    .SetProperty(s => s.Status, s => s.SeatsTaken + taken >= s.Capacity ? SessionStatus.Full : s.Status), cancellationToken);
            if (updated != 1)
            {
                throw new InvalidOperationException($"Session {row.Id} changed under its row lock: {taken} seats could not be taken.");
            }
        }
    }

    /// <summary>A locked session row (columns by the model's snake_case naming convention).</summary>
    private sealed record SeatRow(int Id, int Capacity, int SeatsTaken, string Status);

    /// <summary>Draws <paramref name="count"/> ids of the enrolments' identity column at once, in increasing order.</summary>
    private async Task<List<int>> NextEnrolmentIdsAsync(int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return [];
        }

        var ids = await db.Database
            .SqlQuery<long>($"SELECT nextval(pg_get_serial_sequence('enrolments', 'id')) AS \"Value\" FROM generate_series(1, {count})")
            .ToListAsync(cancellationToken);
        return [.. ids.Order().Select(id => checked((int)id))];
    }
}
