using System.Globalization;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Enrolments;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cnfpt.OpenApi.Core.Attendance;

/// <summary>Presence of one enrolled agent for one half-day, as the back office sends it.</summary>
public sealed record AttendanceEntry(int EnrolmentId, DateOnly Date, HalfDay HalfDay, bool Present);

/// <summary>What a bulk recording did.</summary>
public sealed record AttendanceResult(int Recorded, int Corrected, int Unchanged, IReadOnlyList<Attestation> Reissued);

/// <summary>What closing a session did.</summary>
public sealed record SessionClosure(int SessionId, int Attended, int Absent, IReadOnlyList<Attestation> Issued);

/// <summary>
/// Attendance (feuille d'émargement) per enrolment and half-day, closing a session, and the attestations de
/// suivi it issues — each operation in one transaction. A correction never overwrites a record: it adds a new
/// current record that supersedes the old one (the audit trail), within <see cref="CorrectionDays"/> after the
/// session's last day. Correcting a closed session moves the enrolment between attended and absent through the
/// <see cref="EnrolmentWorkflow"/>, revokes its attestation and issues a new one that names the old.
/// </summary>
public sealed class AttendanceWorkflow(CnfptDbContext db, EnrolmentWorkflow enrolments, AttestationSigner signer, TimeProvider clock)
{
    /// <summary>Days after a session's last day during which attendance may still be recorded or corrected.</summary>
    public int CorrectionDays { get; init; } = 30;

    /// <summary>Runs for each new attestation before the transaction commits (paper print batches).</summary>
    public Func<Attestation, CancellationToken, Task>? OnIssued { get; set; }

    public async Task<AttendanceResult> RecordAsync(int sessionId, IReadOnlyList<AttendanceEntry> entries, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0 || entries.Count > 2000)
        {
            throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, "records must hold 1 to 2000 entries {enrolmentId, date, halfDay, present}.", "records");
        }

        await using var transaction = await BeginAsync(cancellationToken);
        var session = await LoadSessionAsync(sessionId, cancellationToken);
        var today = FrenchFormat.ParisDay(clock.GetUtcNow());
        if (today < session.StartDate)
        {
            throw new RuleViolationException("session-not-started", RuleViolationKind.Conflict, $"Session {sessionId} starts on {session.StartDate:yyyy-MM-dd}: attendance can be recorded from then.", "sessionId");
        }

        CheckCorrectionPeriod(session, today);
        var enrolmentIds = entries.Select(e => e.EnrolmentId).Distinct().ToList();
        var enrolled = await db.Enrolments
            .Where(e => e.SessionId == sessionId && enrolmentIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, cancellationToken);
        var seen = new HashSet<(int, DateOnly, HalfDay)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!enrolled.TryGetValue(entry.EnrolmentId, out var enrolment) || !EnrolmentStateMachine.HoldsSeat(enrolment.Status))
            {
                throw new RuleViolationException("enrolment-not-in-session", RuleViolationKind.Unprocessable,
                    $"Enrolment {entry.EnrolmentId} is not an accepted enrolment of session {sessionId}.", Field(i, "enrolmentId"));
            }

            if (entry.Date < session.StartDate || entry.Date > session.EndDate)
            {
                throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid,
                    $"{entry.Date:yyyy-MM-dd} is outside session {sessionId} ({session.StartDate:yyyy-MM-dd} to {session.EndDate:yyyy-MM-dd}).", Field(i, "date"));
            }

            if (!seen.Add((entry.EnrolmentId, entry.Date, entry.HalfDay)))
            {
                throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid,
                    $"Enrolment {entry.EnrolmentId}, {entry.Date:yyyy-MM-dd} {entry.HalfDay} appears twice in the request.", Field(i, "halfDay"));
            }
        }

        var current = await db.AttendanceRecords
            .Where(r => r.IsCurrent && enrolmentIds.Contains(r.EnrolmentId))
            .ToListAsync(cancellationToken);
        var byHalfDay = current.ToDictionary(r => (r.EnrolmentId, r.Date, r.HalfDay));
        var now = clock.GetUtcNow();
        int recorded = 0, corrected = 0, unchanged = 0;
        var changedEnrolments = new HashSet<int>();
        foreach (var entry in entries)
        {
            var record = new AttendanceRecord
            {
                EnrolmentId = entry.EnrolmentId, CollectiviteId = enrolled[entry.EnrolmentId].CollectiviteId, Date = entry.Date,
                HalfDay = entry.HalfDay, Present = entry.Present, RecordedAt = now, RecordedBy = actor,
            };
            if (byHalfDay.TryGetValue((entry.EnrolmentId, entry.Date, entry.HalfDay), out var previous))
            {
                if (previous.Present == entry.Present)
                {
                    unchanged++;
                    continue;
                }

                // The old record stays, no longer current: who recorded what, and when, remains readable.
                previous.IsCurrent = false;
                record.SupersedesId = previous.Id;
                corrected++;
            }
            else
            {
                recorded++;
            }

            db.AttendanceRecords.Add(record);
            changedEnrolments.Add(entry.EnrolmentId);
        }

        await db.SaveChangesAsync(cancellationToken);
        var reissued = new List<Attestation>();
        if (session.Status == SessionStatus.Completed)
        {
            foreach (var enrolmentId in changedEnrolments.Order())
            {
                if (await SettleAsync(enrolled[enrolmentId], session, actor, "Présence corrigée après la clôture de la session", cancellationToken) is { } attestation)
                {
                    reissued.Add(attestation);
                }
            }
        }

        await CommitAsync(transaction, cancellationToken);
        return new AttendanceResult(recorded, corrected, unchanged, reissued);
    }

    /// <summary>
    /// Closes a session from its last day: each accepted enrolment becomes attended (at least one half-day
    /// present) or absent, the session Completed, and each attended enrolment gets its attestation.
    /// </summary>
    public async Task<SessionClosure> CloseAsync(int sessionId, string actor, CancellationToken cancellationToken = default)
    {
        await using var transaction = await BeginAsync(cancellationToken);
        var session = await LoadSessionAsync(sessionId, cancellationToken);
        var today = FrenchFormat.ParisDay(clock.GetUtcNow());
        switch (session.Status)
        {
            case SessionStatus.Completed:
                throw new RuleViolationException("session-already-closed", RuleViolationKind.Conflict, $"Session {sessionId} is already closed: correct its attendance instead.", "sessionId");
            case SessionStatus.Cancelled:
                throw new RuleViolationException("session-cancelled", RuleViolationKind.Conflict, $"Session {sessionId} was cancelled: there is no attendance to close.", "sessionId");
        }

        if (today < session.EndDate)
        {
            throw new RuleViolationException("session-not-ended", RuleViolationKind.Conflict, $"Session {sessionId} ends on {session.EndDate:yyyy-MM-dd}: it can be closed from its last day.", "sessionId");
        }

        CheckCorrectionPeriod(session, today);
        // Serialises closing with attendance recording on the same session (PostgreSQL; SQLite locks the file).
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM sessions WHERE id = {sessionId} FOR UPDATE", cancellationToken);
        }

        var attending = await db.Enrolments
            .Where(e => e.SessionId == sessionId && (e.Status == EnrolmentStatus.Accepted || e.Status == EnrolmentStatus.Attended || e.Status == EnrolmentStatus.Absent))
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
        session.Status = SessionStatus.Completed;
        await db.SaveChangesAsync(cancellationToken);

        var issued = new List<Attestation>();
        foreach (var enrolment in attending)
        {
            if (await SettleAsync(enrolment, session, actor, "Clôture de la session", cancellationToken) is { } attestation)
            {
                issued.Add(attestation);
            }
        }

        var attended = attending.Count(e => e.Status == EnrolmentStatus.Attended);
        await CommitAsync(transaction, cancellationToken);
        return new SessionClosure(sessionId, attended, attending.Count - attended, issued);
    }

    /// <summary>
    /// Brings one enrolment of a closed session in line with its attendance: attended or absent (through the
    /// enrolment workflow), and its valid attestation matching the half-days present — revoked and replaced when
    /// they changed, revoked when the agent turns out absent, issued when there was none. Returns the new one.
    /// </summary>
    private async Task<Attestation?> SettleAsync(Enrolment enrolment, Session session, string actor, string reason, CancellationToken cancellationToken)
    {
        var present = await db.AttendanceRecords.CountAsync(r => r.EnrolmentId == enrolment.Id && r.IsCurrent && r.Present, cancellationToken);
        var target = present > 0 ? EnrolmentTransition.MarkAttended : EnrolmentTransition.MarkAbsent;
        if (EnrolmentStateMachine.TryMove(enrolment.Status, target, out var to) && to != enrolment.Status)
        {
            var moved = await enrolments.ApplyAsync(enrolment.Id, target, null, actor, reason, cancellationToken);
            enrolment.Status = moved.Status;
        }

        var valid = await db.Attestations.FirstOrDefaultAsync(a => a.EnrolmentId == enrolment.Id && a.Status == AttestationStatus.Valid, cancellationToken);
        if (valid is not null && valid.HalfDaysAttended == present)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (valid is not null)
        {
            valid.Status = AttestationStatus.Revoked;
            valid.RevokedAt = now;
            valid.RevocationReason = present > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{reason} : {valid.HalfDaysAttended} demi-journée(s) remplacée(s) par {present}")
                : $"{reason} : agent absent";
            await db.SaveChangesAsync(cancellationToken);
        }

        if (present == 0)
        {
            return null;
        }

        var attestation = await IssueAsync(enrolment, session, present, valid, now, cancellationToken);
        if (valid is not null)
        {
            valid.ReplacedById = attestation.Id;
            await db.SaveChangesAsync(cancellationToken);
        }

        return attestation;
    }

    private async Task<Attestation> IssueAsync(Enrolment enrolment, Session session, int halfDaysPresent, Attestation? replaces, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await db.Enrolments.IgnoreQueryFilters().Where(e => e.Id == enrolment.Id).Select(e => new
        {
            e.Agent!.LastName, e.Agent.FirstName, e.Agent.Category, e.Agent.EmployerReference,
            CollectiviteName = e.Collectivite!.Name, e.Collectivite.Siren,
        }).FirstAsync(cancellationToken);
        var earlier = await db.Attestations.IgnoreQueryFilters().CountAsync(a => a.EnrolmentId == enrolment.Id, cancellationToken);
        // Stable and derived from the enrolment: AT-{year of the session's end}-{enrolment}, then -2, -3… for replacements.
        var number = string.Create(CultureInfo.InvariantCulture, $"AT-{session.EndDate.Year}-{enrolment.Id:000000}{(earlier == 0 ? "" : $"-{earlier + 1}")}");
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var facts = new AttestationFacts(
            number, issuedAt, enrolment.AgentId, row.LastName, row.FirstName, row.Category, row.EmployerReference,
            enrolment.CollectiviteId, row.CollectiviteName, row.Siren, session.Course!.Code, session.Course.Title, session.Id,
            session.StartDate, session.EndDate, session.Venue, session.Commune!.Name, session.Delegation!.Name,
            HalfDaysOf(session), halfDaysPresent, enrolment.ObligationKind, replaces?.Number);
        var attestation = new Attestation
        {
            Number = number,
            EnrolmentId = enrolment.Id,
            CollectiviteId = enrolment.CollectiviteId,
            AgentId = enrolment.AgentId,
            SessionId = session.Id,
            IssuedAt = issuedAt,
            HalfDaysAttended = halfDaysPresent,
            DaysAttended = facts.DaysAttended,
            ObligationKind = enrolment.ObligationKind,
            Status = AttestationStatus.Valid,
            KeyId = signer.Keys.Active.KeyId,
            SignedToken = signer.Sign(facts),
        };
        db.Attestations.Add(attestation);
        if (OnIssued is { } onIssued)
        {
            await onIssued(attestation, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return attestation;
    }

    /// <summary>Half-days a session offers: two per calendar day from its first to its last.</summary>
    public static int HalfDaysOf(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return (session.EndDate.DayNumber - session.StartDate.DayNumber + 1) * 2;
    }

    private async Task<Session> LoadSessionAsync(int sessionId, CancellationToken cancellationToken) =>
        await db.Sessions.Include(s => s.Course).Include(s => s.Commune).Include(s => s.Delegation)
            .FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken)
        ?? throw new RuleViolationException("session-not-found", RuleViolationKind.Unprocessable, $"No session {sessionId}.", "sessionId");

    private void CheckCorrectionPeriod(Session session, DateOnly today)
    {
        var last = session.EndDate.AddDays(CorrectionDays);
        if (today > last)
        {
            throw new RuleViolationException("correction-period-over", RuleViolationKind.Conflict,
                string.Create(CultureInfo.InvariantCulture, $"Attendance of session {session.Id} could be recorded or corrected until {last:yyyy-MM-dd} ({CorrectionDays} days after its last day)."), "sessionId");
        }
    }

    private static string Field(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"records[{index}].{name}");

    // Joins the caller's transaction when there is one ($batch atomicity groups), otherwise owns its own.
    private async Task<IDbContextTransaction?> BeginAsync(CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;

    private static async Task CommitAsync(IDbContextTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
