using System.Globalization;
using System.Text.Json;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cnfpt.OpenApi.Core.Enrolments;

/// <summary>A bulletin d'inscription as a client sends it.</summary>
public sealed record EnrolmentRequest(int AgentId, int SessionId, string? Motive, ObligationKind? ObligationKind, string? Comment);

/// <summary>
/// Submits enrolments and moves them through their lifecycle, each operation in one transaction: the
/// bulletin, its events, its AR and the seat it takes are written together or not at all. Seats are taken
/// with a conditional UPDATE (<c>seats_taken &lt; capacity</c>), so no concurrency can overbook a session.
/// The context is the caller's (tenant-filtered): an agent or enrolment of another collectivité is not found.
/// </summary>
public sealed partial class EnrolmentWorkflow(CnfptDbContext db, TimeProvider clock)
{
    public const string System = "system";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs after the AR is created and before the transaction commits (paper print batches).</summary>
    public Func<Acknowledgement, Collectivite, CancellationToken, Task>? OnAcknowledged { get; set; }

    public async Task<Enrolment> SubmitAsync(EnrolmentRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TakePrepared(request) is { } prepared)
        {
            return prepared.Enrolment ?? throw prepared.Violation!;
        }

        var motive = ValidMotive(request, out var invalid) ?? throw invalid!;

        // No savepoint around each SaveChanges (two round trips apiece): a failed save fails the whole submission,
        // whose transaction (or atomicity group) is then rolled back, so there is nothing to resume from.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            return await SubmitCoreAsync(request, motive, actor, cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <remarks>
    /// Round trips are what a submission costs (a $batch of 100 makes 100 of them in a row), and the seat UPDATE
    /// locks the session's row until the commit, serialising every submission to that session: so everything that
    /// can be is done before the seat is taken, and after it only one SaveChanges and the commit remain. On
    /// PostgreSQL the enrolment's id is drawn from its identity sequence first, so that the AR's number is known
    /// and the bulletin, its events and its AR go in that one SaveChanges; other providers (the SQLite sandbox)
    /// insert the enrolment first to learn its id.
    /// </remarks>
    private async Task<Enrolment> SubmitCoreAsync(EnrolmentRequest request, string motive, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginAsync(cancellationToken);
        var agent = await db.Agents.Include(a => a.Collectivite).FirstOrDefaultAsync(a => a.Id == request.AgentId, cancellationToken)
            ?? throw new RuleViolationException("agent-not-found", RuleViolationKind.Unprocessable, $"No agent {request.AgentId} among the collectivités you act for.", "agentId");
        var session = await db.Sessions.Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == request.SessionId, cancellationToken)
            ?? throw new RuleViolationException("session-not-found", RuleViolationKind.Unprocessable, $"No session {request.SessionId}.", "sessionId");
        var now = clock.GetUtcNow();
        if (SessionRuleViolation(agent, session, ParisDay(now)) is { } violation)
        {
            throw violation;
        }

        var live = await LiveEnrolmentsAsync([agent.Id], cancellationToken);
        if (LiveRuleViolation(agent, session, live) is { } conflict)
        {
            throw conflict;
        }

        var enrolment = NewEnrolment(request, motive, agent, session, actor, now);
        db.Enrolments.Add(enrolment);
        if (!db.Database.IsNpgsql())
        {
            await SaveAsync(cancellationToken);
        }
        else
        {
            enrolment.Id = await NextEnrolmentIdAsync(cancellationToken);
            // A new bulletin's version (its first ETag) is 2 on every provider, as when it was inserted then updated.
            enrolment.Version = 2;
        }

        var acknowledgement = Acknowledge(enrolment, agent, session, now);
        db.Acknowledgements.Add(acknowledgement);
        if (OnAcknowledged is { } onAcknowledged)
        {
            await onAcknowledged(acknowledgement, agent.Collectivite!, cancellationToken);
        }

        if (await TakeSeatAsync(session.Id, cancellationToken))
        {
            Accept(enrolment, now);
        }
        else
        {
            Waitlist(enrolment, now);
        }

        await SaveAsync(cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return enrolment;
    }

    /// <summary>The trimmed motive, or null and the violation when the bulletin's free texts are invalid.</summary>
    private static string? ValidMotive(EnrolmentRequest request, out RuleViolationException? violation)
    {
        var motive = request.Motive?.Trim();
        violation = string.IsNullOrEmpty(motive) || motive.Length > 500
            ? new RuleViolationException("validation-failed", RuleViolationKind.Invalid, "motive is required (at most 500 characters): why the agent should attend.", "motive")
            : request.Comment is { Length: > 2000 }
                ? new RuleViolationException("validation-failed", RuleViolationKind.Invalid, "comment is at most 2000 characters.", "comment")
                : null;
        return violation is null ? motive : null;
    }

    /// <summary>A new bulletin, Submitted, with its first event (not yet added to the context).</summary>
    private static Enrolment NewEnrolment(EnrolmentRequest request, string motive, Agent agent, Session session, string actor, DateTimeOffset now)
    {
        var enrolment = new Enrolment
        {
            CollectiviteId = agent.CollectiviteId,
            AgentId = agent.Id,
            SessionId = session.Id,
            Status = EnrolmentStatus.Submitted,
            Motive = motive,
            ObligationKind = request.ObligationKind ?? session.Course!.ObligationKind,
            Comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(),
            SubmittedAt = now,
            SubmittedBy = actor,
            UpdatedAt = now,
        };
        AddEvent(enrolment, null, EnrolmentStatus.Submitted, actor, null, now);
        return enrolment;
    }

    /// <summary>Acknowledged at receipt: the AR's number derives from the enrolment's id (known by now), unique by construction.</summary>
    private static Acknowledgement Acknowledge(Enrolment enrolment, Agent agent, Session session, DateTimeOffset now)
    {
        Move(enrolment, EnrolmentTransition.Acknowledge, System, "Accusé de réception émis à la réception du bulletin", now);
        return new Acknowledgement
        {
            Enrolment = enrolment,
            EnrolmentId = enrolment.Id,
            CollectiviteId = enrolment.CollectiviteId,
            Number = string.Create(CultureInfo.InvariantCulture, $"AR-{now.Year}-{enrolment.Id:000000}"),
            IssuedAt = now,
            Content = JsonSerializer.Serialize(new
            {
                agent = new { agent.Id, agent.EmployerReference, agent.LastName, agent.FirstName, category = agent.Category.ToString() },
                session = new { session.Id, course = session.Course!.Code, session.Course.Title, session.StartDate, session.EndDate },
                enrolment.Motive,
                obligationKind = enrolment.ObligationKind.ToString(),
                enrolment.Comment,
                enrolment.SubmittedAt,
                enrolment.SubmittedBy,
            }, Json),
        };
    }

    private static void Accept(Enrolment enrolment, DateTimeOffset now) =>
        Move(enrolment, EnrolmentTransition.Accept, System, "Place disponible : inscription acceptée", now);

    private static void Waitlist(Enrolment enrolment, DateTimeOffset now)
    {
        enrolment.WaitlistedAt = now;
        Move(enrolment, EnrolmentTransition.Waitlist, System, "Session complète : inscription en liste d'attente", now);
    }

    /// <summary>Draws the next id of the enrolments' identity column (PostgreSQL), in the same way an INSERT would.</summary>
    private async Task<int> NextEnrolmentIdAsync(CancellationToken cancellationToken)
    {
        var ids = await db.Database
            .SqlQuery<long>($"SELECT nextval(pg_get_serial_sequence('enrolments', 'id')) AS \"Value\"")
            .ToListAsync(cancellationToken);
        return checked((int)ids[0]);
    }

    /// <summary>
    /// Applies a transition. <paramref name="expectedVersion"/> is the version the client last saw (If-Match);
    /// null means "any". Freeing a seat promotes the first waitlisted enrolment of the session in the same
    /// transaction.
    /// </summary>
    public async Task<Enrolment> ApplyAsync(int enrolmentId, EnrolmentTransition transition, int? expectedVersion, string actor, string? reason, CancellationToken cancellationToken = default)
    {
        await using var transaction = await BeginAsync(cancellationToken);
        var enrolment = await db.Enrolments.Include(e => e.Session).FirstOrDefaultAsync(e => e.Id == enrolmentId, cancellationToken)
            ?? throw new RuleViolationException("not-found", RuleViolationKind.NotFound, $"No enrolment {enrolmentId}.");
        if (expectedVersion is { } expected && expected != enrolment.Version)
        {
            throw new RuleViolationException("precondition-failed", RuleViolationKind.PreconditionFailed,
                $"The enrolment changed since you read it (version {enrolment.Version}, If-Match {expected}): read it again, then retry.", "If-Match");
        }

        var from = enrolment.Status;
        if (!EnrolmentStateMachine.TryMove(from, transition, out _))
        {
            var allowed = EnrolmentStateMachine.All.Where(m => m.From == from).Select(m => m.Transition.ToString()).ToList();
            throw new RuleViolationException("invalid-transition", RuleViolationKind.Conflict,
                $"{transition} is not possible on an enrolment that is {from}. Possible now: {(allowed.Count == 0 ? "nothing (final state)" : string.Join(", ", allowed))}.");
        }

        var now = clock.GetUtcNow();
        var today = ParisDay(now);
        var session = enrolment.Session!;
        switch (transition)
        {
            case EnrolmentTransition.Cancel when string.IsNullOrWhiteSpace(reason) || reason.Length > 500:
                throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, "A cancellation needs a reason (at most 500 characters).", "reason");
            case EnrolmentTransition.Cancel when today >= session.StartDate:
                throw new RuleViolationException("session-started", RuleViolationKind.Conflict, $"The session started on {session.StartDate:yyyy-MM-dd}: an enrolment can be cancelled only before; record the absence instead.");
            case EnrolmentTransition.MarkAttended or EnrolmentTransition.MarkAbsent when today < session.StartDate:
                throw new RuleViolationException("session-not-started", RuleViolationKind.Conflict, $"The session starts on {session.StartDate:yyyy-MM-dd}: attendance can be recorded from then.");
            case EnrolmentTransition.Accept when !await TakeSeatAsync(session.Id, cancellationToken):
                throw new RuleViolationException("session-full", RuleViolationKind.Conflict, "The session has no seat left: the enrolment stays on the waitlist.");
        }

        if (transition == EnrolmentTransition.Cancel)
        {
            enrolment.CancellationReason = reason!.Trim();
        }

        Move(enrolment, transition, actor, reason, now);
        if (EnrolmentStateMachine.HoldsSeat(from) && !EnrolmentStateMachine.HoldsSeat(enrolment.Status))
        {
            await ReleaseSeatAsync(session.Id, enrolment.Id, now, cancellationToken);
        }

        await SaveAsync(cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return enrolment;
    }

    private static DateOnly ParisDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Paris).DateTime);

    /// <summary>The session's own rules for this agent: open, périmètre, catégorie. Null when they allow it.</summary>
    private static RuleViolationException? SessionRuleViolation(Agent agent, Session session, DateOnly today)
    {
        if (session.Status is not (SessionStatus.OpenForEnrolment or SessionStatus.Full) || session.StartDate <= today)
        {
            return new RuleViolationException("session-not-open", RuleViolationKind.Conflict,
                $"Session {session.Id} is {session.Status}{(session.StartDate <= today ? $" and started on {session.StartDate:yyyy-MM-dd}" : "")}: enrolments are taken before it starts, while it is OpenForEnrolment (or Full, for the waitlist).", "sessionId");
        }

        if (session.PerimetreId is { } perimetre && agent.Collectivite!.PerimetreId != perimetre)
        {
            return new RuleViolationException("session-reserved", RuleViolationKind.Unprocessable, $"Session {session.Id} is reserved to the collectivités of périmètre {perimetre}.", "sessionId");
        }

        if (!session.Course!.TargetCategories.HasFlag(Categories.Of(agent.Category)))
        {
            return new RuleViolationException("category-not-targeted", RuleViolationKind.Unprocessable,
                $"Course {session.Course.Code} is for catégorie(s) {session.Course.TargetCategories}; agent {agent.Id} is catégorie {agent.Category}.", "agentId");
        }

        return null;
    }

    /// <summary>A live (neither cancelled nor refused) enrolment of an agent, with its session's dates.</summary>
    private sealed record LiveEnrolment(int Id, int AgentId, int SessionId, DateOnly StartDate, DateOnly EndDate);

    /// <summary>The live enrolments of these agents, whoever submitted them (hence no tenant filter).</summary>
    private async Task<List<LiveEnrolment>> LiveEnrolmentsAsync(IReadOnlyCollection<int> agentIds, CancellationToken cancellationToken) =>
        await db.Enrolments.IgnoreQueryFilters()
            .Where(e => agentIds.Contains(e.AgentId) && e.Status != EnrolmentStatus.Cancelled && e.Status != EnrolmentStatus.Refused)
            .Select(e => new LiveEnrolment(e.Id, e.AgentId, e.SessionId, e.Session!.StartDate, e.Session.EndDate))
            .ToListAsync(cancellationToken);

    /// <summary>The agent's live enrolments forbid this one: same session, or overlapping dates. Null when they do not.</summary>
    private static RuleViolationException? LiveRuleViolation(Agent agent, Session session, IEnumerable<LiveEnrolment> live)
    {
        var mine = live.Where(e => e.AgentId == agent.Id).ToList();
        if (mine.FirstOrDefault(e => e.SessionId == session.Id) is { } same)
        {
            return new RuleViolationException("already-enrolled", RuleViolationKind.Conflict, $"Agent {agent.Id} already has enrolment {same.Id} in session {session.Id}.", "agentId");
        }

        if (mine.FirstOrDefault(e => e.StartDate <= session.EndDate && session.StartDate <= e.EndDate) is { } overlap)
        {
            return new RuleViolationException("overlapping-enrolment", RuleViolationKind.Conflict,
                $"Agent {agent.Id} is enrolled (enrolment {overlap.Id}) in session {overlap.SessionId} from {overlap.StartDate:yyyy-MM-dd} to {overlap.EndDate:yyyy-MM-dd}, which overlaps.", "sessionId");
        }

        return null;
    }

    /// <summary>Takes one seat if one is left: one conditional UPDATE, atomic in the database.</summary>
    private async Task<bool> TakeSeatAsync(int sessionId, CancellationToken cancellationToken) =>
        await db.Sessions
            .Where(s => s.Id == sessionId && s.SeatsTaken < s.Capacity && (s.Status == SessionStatus.OpenForEnrolment || s.Status == SessionStatus.Full))
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.SeatsTaken, s => s.SeatsTaken + 1)
                .SetProperty(s => s.Status, s => s.SeatsTaken + 1 >= s.Capacity ? SessionStatus.Full : s.Status), cancellationToken) == 1;

    /// <summary>A seat was freed: the first waitlisted enrolment (arrival order) takes it, or the count goes down.</summary>
    private async Task ReleaseSeatAsync(int sessionId, int freedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // Serialises seat changes of this session so two cancellations never promote the same enrolment.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM sessions WHERE id = {sessionId} FOR UPDATE", cancellationToken);
        }

        var next = await db.Enrolments.IgnoreQueryFilters()
            .Where(e => e.SessionId == sessionId && e.Status == EnrolmentStatus.Waitlisted)
            .OrderBy(e => e.WaitlistedAt).ThenBy(e => e.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (next is not null)
        {
            Move(next, EnrolmentTransition.Accept, System, string.Create(CultureInfo.InvariantCulture, $"Place libérée par l'inscription {freedBy} : premier de la liste d'attente"), now);
            return;
        }

        await db.Sessions.Where(s => s.Id == sessionId && s.SeatsTaken > 0)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.SeatsTaken, s => s.SeatsTaken - 1)
                .SetProperty(s => s.Status, s => s.Status == SessionStatus.Full ? SessionStatus.OpenForEnrolment : s.Status), cancellationToken);
    }

    private static void Move(Enrolment enrolment, EnrolmentTransition transition, string actor, string? reason, DateTimeOffset now)
    {
        if (!EnrolmentStateMachine.TryMove(enrolment.Status, transition, out var to))
        {
            throw new InvalidOperationException($"{transition} from {enrolment.Status} is not in the state machine.");
        }

        AddEvent(enrolment, enrolment.Status, to, actor, reason, now);
        enrolment.Status = to;
        enrolment.UpdatedAt = now;
    }

    private static void AddEvent(Enrolment enrolment, EnrolmentStatus? from, EnrolmentStatus to, string actor, string? reason, DateTimeOffset now) =>
        enrolment.Events.Add(new EnrolmentEvent { FromStatus = from, ToStatus = to, Actor = actor, Reason = reason, OccurredAt = now });

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new RuleViolationException("precondition-failed", RuleViolationKind.PreconditionFailed, "The enrolment changed while this request ran: read it again, then retry.", "If-Match");
        }
        catch (DbUpdateException e) when (IsLiveDuplicate(e))
        {
            throw new RuleViolationException("already-enrolled", RuleViolationKind.Conflict, "The agent already has a live enrolment in this session.", "agentId");
        }
    }

    /// <summary>The unique index on live (agent, session) refused an insert: a concurrent submission won.</summary>
    private static bool IsLiveDuplicate(DbUpdateException e) =>
        e.InnerException?.Message.Contains("ux_enrolments_live_agent_session", StringComparison.Ordinal) == true
        || e.InnerException?.Message.Contains("enrolments.agent_id, enrolments.session_id", StringComparison.Ordinal) == true;

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
