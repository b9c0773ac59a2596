using System.Text.RegularExpressions;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Enrolments;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cnfpt.OpenApi.Core.Needs;

/// <summary>A training need as a client sends it: a course or a theme, a number of agents or named agents.</summary>
public sealed record NeedRequest(
    int CollectiviteId,
    int Year,
    int? CourseId,
    int? ThemeId,
    int? AgentCount,
    IReadOnlyList<int>? AgentIds,
    NeedPriority? Priority,
    string? PreferredPeriod,
    string? PreferredCommuneCode);

/// <summary>How the back office schedules a proposal; what is left out is derived from the proposal.</summary>
public sealed record ScheduleRequest(DateOnly StartDate, DateOnly? EndDate, int? Capacity, string? CommuneCode, string? Venue);

/// <summary>
/// Training needs (recueil des besoins) and their pooling per périmètre: each submission or withdrawal
/// recomputes, in the same transaction, the pooled demand for its course, périmètre and year, and opens,
/// updates or withdraws the session proposal. Rules in docs/needs.md.
/// </summary>
/// <remarks>
/// Exactly one proposal, even under concurrent submissions: every write that changes a périmètre's demand first
/// takes a row lock on the périmètre (<c>SELECT … FOR UPDATE</c>), so poolings of one périmètre run one after
/// the other and each counts the needs the previous one committed (READ COMMITTED takes a new snapshot per
/// statement, after the lock is granted). Without the lock two submissions could each count 14 and neither
/// open the proposal, or each count 15 and both open one. The unique partial index <c>ux_session_proposals_open</c>
/// (one open proposal per course × périmètre × year) is the database's last word should a write ever skip the lock.
/// SQLite (the sandbox) has no row locks but serialises writers on the whole file.
/// </remarks>
public sealed partial class NeedsWorkflow(CnfptDbContext db, EnrolmentWorkflow enrolments, TimeProvider clock)
{
    public const int MaxAgentsPerNeed = 500;

    /// <summary>Records a need and pools it; returns it with its status after pooling.</summary>
    public async Task<TrainingNeed> SubmitAsync(NeedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var (course, themeId) = await ValidateAsync(request, now, cancellationToken);
        var collectivite = await db.Collectivites.AsNoTracking().FirstOrDefaultAsync(c => c.Id == request.CollectiviteId, cancellationToken)
            ?? throw new RuleViolationException("collectivite-not-found", RuleViolationKind.Unprocessable, $"No collectivité {request.CollectiviteId} among those you act for.", "collectiviteId");

        var agentIds = request.AgentIds?.Distinct().ToList() ?? [];
        var need = new TrainingNeed
        {
            CollectiviteId = collectivite.Id,
            Year = request.Year,
            CourseId = course?.Id,
            ThemeId = course is null ? themeId : null,
            AgentCount = agentIds.Count > 0 ? agentIds.Count : request.AgentCount!.Value,
            Priority = request.Priority ?? NeedPriority.Medium,
            PreferredPeriod = string.IsNullOrWhiteSpace(request.PreferredPeriod) ? null : request.PreferredPeriod.Trim(),
            PreferredCommuneCode = string.IsNullOrWhiteSpace(request.PreferredCommuneCode) ? null : request.PreferredCommuneCode.Trim(),
            Status = NeedStatus.Submitted,
            SubmittedAt = now,
        };
        need.Agents.AddRange(agentIds.Select(id => new TrainingNeedAgent { AgentId = id }));

        await using var transaction = await BeginAsync(cancellationToken);
        await LockPerimetreAsync(collectivite.PerimetreId, cancellationToken);
        db.TrainingNeeds.Add(need);
        await db.SaveChangesAsync(cancellationToken);
        if (course is not null && collectivite.PerimetreId is { } perimetre)
        {
            await PoolAsync(course.Id, perimetre, need.Year, now, cancellationToken);
        }

        await CommitAsync(transaction, cancellationToken);
        return need;
    }

    /// <summary>Withdraws a need not yet scheduled; a proposal whose demand drops below the threshold is withdrawn with it.</summary>
    public async Task<TrainingNeed> WithdrawAsync(int needId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await BeginAsync(cancellationToken);
        var perimetre = await db.TrainingNeeds.Where(n => n.Id == needId).Select(n => new { n.Collectivite!.PerimetreId }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new RuleViolationException("not-found", RuleViolationKind.NotFound, $"No training need {needId} among those of the collectivités you act for.");
        await LockPerimetreAsync(perimetre.PerimetreId, cancellationToken);
        // Read after the lock: a concurrent scheduling of its proposal has committed by now.
        var need = await db.TrainingNeeds.FirstAsync(n => n.Id == needId, cancellationToken);
        if (need.Status is not (NeedStatus.Submitted or NeedStatus.Pooled))
        {
            throw new RuleViolationException("need-not-withdrawable", RuleViolationKind.Conflict,
                $"Training need {needId} is {need.Status}: only a Submitted or Pooled need can be withdrawn.");
        }

        need.Status = NeedStatus.Withdrawn;
        need.WithdrawnAt = now;
        need.SessionProposalId = null;
        await db.SaveChangesAsync(cancellationToken);
        if (need.CourseId is { } course && perimetre.PerimetreId is { } perimetreId)
        {
            await PoolAsync(course, perimetreId, need.Year, now, cancellationToken);
        }

        await CommitAsync(transaction, cancellationToken);
        return need;
    }

    /// <summary>
    /// Schedules an open proposal: a session of its course reserved to the périmètre, and an enrolment for each
    /// named agent behind it (through the enrolment workflow: AR, seat or waitlist). Agents the workflow refuses
    /// (an overlapping session, a catégorie the course does not target) are left out and counted.
    /// </summary>
    public async Task<(SessionProposal Proposal, int PreRegistered, int Skipped)> ScheduleAsync(int proposalId, ScheduleRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        await using var transaction = await BeginAsync(cancellationToken);
        var proposal = await OpenProposalAsync(proposalId, cancellationToken);
        var course = await db.Courses.AsNoTracking().FirstAsync(c => c.Id == proposal.CourseId, cancellationToken);
        var delegation = await db.Perimetres.AsNoTracking().Where(p => p.Id == proposal.PerimetreId).Select(p => p.Delegation!).FirstAsync(cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Documents.FrenchFormat.Paris).DateTime);
        if (request.StartDate <= today)
        {
            throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, "startDate must be after today.", "startDate");
        }

        var end = request.EndDate ?? request.StartDate.AddDays(Math.Max(0, (int)Math.Ceiling(course.DurationDays) - 1));
        if (end < request.StartDate)
        {
            throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, "endDate must not be before startDate.", "endDate");
        }

        if (request.Capacity is < 1 or > 200)
        {
            throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, "capacity is between 1 and 200.", "capacity");
        }

        var commune = request.CommuneCode ?? proposal.SuggestedCommuneCode ?? delegation.CommuneCode;
        if (!await db.Communes.AnyAsync(c => c.Code == commune, cancellationToken))
        {
            throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, $"No commune {commune}.", "communeCode");
        }

        var session = new Session
        {
            CourseId = proposal.CourseId,
            DelegationId = delegation.Id,
            CommuneCode = commune,
            Venue = string.IsNullOrWhiteSpace(request.Venue) ? $"{delegation.Name} (session territorialisée)" : request.Venue.Trim(),
            StartDate = request.StartDate,
            EndDate = end,
            Capacity = request.Capacity ?? Math.Max(proposal.Demand, proposal.Threshold),
            Status = SessionStatus.OpenForEnrolment,
            PerimetreId = proposal.PerimetreId,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);

        var needs = await db.TrainingNeeds.IgnoreQueryFilters().Where(n => n.SessionProposalId == proposal.Id && n.Status == NeedStatus.Pooled).ToListAsync(cancellationToken);
        var needIds = needs.Select(n => n.Id).ToList();
        var agentIds = await db.TrainingNeedAgents.IgnoreQueryFilters().Where(a => needIds.Contains(a.TrainingNeedId))
            .Select(a => a.AgentId).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        int preRegistered = 0, skipped = 0;
        foreach (var agentId in agentIds)
        {
            try
            {
                await enrolments.SubmitAsync(new EnrolmentRequest(agentId, session.Id, $"Besoin recensé au plan de formation mutualisé ({proposal.Year})", null, null), actor, cancellationToken);
                preRegistered++;
            }
            catch (RuleViolationException)
            {
                // The workflow checks eligibility before it writes anything: nothing to undo.
                skipped++;
            }
        }

        foreach (var need in needs)
        {
            need.Status = NeedStatus.Scheduled;
        }

        proposal.Status = SessionProposalStatus.Scheduled;
        proposal.ScheduledSessionId = session.Id;
        proposal.DecidedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return (proposal, preRegistered, skipped);
    }

    /// <summary>Declines an open proposal with a reason; its needs become Declined.</summary>
    public async Task<SessionProposal> DeclineAsync(int proposalId, string? reason, CancellationToken cancellationToken = default)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            throw new RuleViolationException("validation-failed", RuleViolationKind.Invalid, "reason is required (at most 500 characters): the collectivités read it.", "reason");
        }

        await using var transaction = await BeginAsync(cancellationToken);
        var proposal = await OpenProposalAsync(proposalId, cancellationToken);
        await db.TrainingNeeds.IgnoreQueryFilters().Where(n => n.SessionProposalId == proposal.Id && n.Status == NeedStatus.Pooled)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.Status, NeedStatus.Declined), cancellationToken);
        proposal.Status = SessionProposalStatus.Declined;
        proposal.DeclineReason = reason;
        proposal.DecidedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return proposal;
    }

    /// <summary>
    /// Recomputes the pooled demand of one course in one périmètre for one year (the caller holds the périmètre's
    /// lock): opens a proposal when the threshold is reached, keeps an open one's demand current, withdraws it when
    /// withdrawals bring the demand below the threshold.
    /// </summary>
    private async Task PoolAsync(int courseId, int perimetreId, int year, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var threshold = await db.Courses.Where(c => c.Id == courseId).Select(c => c.Theme!.TerritorialisationThreshold).FirstAsync(cancellationToken);
        var open = await db.SessionProposals.FirstOrDefaultAsync(
            p => p.CourseId == courseId && p.PerimetreId == perimetreId && p.Year == year && p.Status == SessionProposalStatus.Proposed, cancellationToken);
        var openId = open?.Id;
        // Every collectivité's needs count, not only the caller's: the pooling sees past the tenant filter, and
        // returns nothing but a sum and the proposal.
        var pending = await db.TrainingNeeds.IgnoreQueryFilters()
            .Where(n => n.CourseId == courseId && n.Year == year && n.Collectivite!.PerimetreId == perimetreId)
            .Where(n => n.Status == NeedStatus.Submitted || (n.Status == NeedStatus.Pooled && n.SessionProposalId == openId))
            .ToListAsync(cancellationToken);
        var demand = pending.Sum(n => n.AgentCount);

        if (open is not null && !Territorialisation.IsReached(demand, open.Threshold))
        {
            open.Status = SessionProposalStatus.Withdrawn;
            open.Demand = demand;
            open.DecidedAt = now;
            foreach (var need in pending)
            {
                need.Status = NeedStatus.Submitted;
                need.SessionProposalId = null;
            }

            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        if (open is null)
        {
            if (!Territorialisation.IsReached(demand, threshold))
            {
                return;
            }

            open = new SessionProposal
            {
                CourseId = courseId,
                PerimetreId = perimetreId,
                Year = year,
                Threshold = threshold,
                Status = SessionProposalStatus.Proposed,
                CreatedAt = now,
                SuggestedPeriod = MostCommon(pending.Select(n => n.PreferredPeriod)),
                SuggestedCommuneCode = MostCommon(pending.Select(n => n.PreferredCommuneCode)),
            };
            db.SessionProposals.Add(open);
        }

        open.Demand = demand;
        foreach (var need in pending)
        {
            need.Status = NeedStatus.Pooled;
            need.SessionProposal = open;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<SessionProposal> OpenProposalAsync(int proposalId, CancellationToken cancellationToken)
    {
        var perimetre = await db.SessionProposals.Where(p => p.Id == proposalId).Select(p => (int?)p.PerimetreId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new RuleViolationException("not-found", RuleViolationKind.NotFound, $"No session proposal {proposalId}.");
        await LockPerimetreAsync(perimetre, cancellationToken);
        var proposal = await db.SessionProposals.FirstAsync(p => p.Id == proposalId, cancellationToken);
        return proposal.Status == SessionProposalStatus.Proposed
            ? proposal
            : throw new RuleViolationException("proposal-not-open", RuleViolationKind.Conflict,
                $"Session proposal {proposalId} is {proposal.Status}: only a Proposed one can be scheduled or declined.");
    }

    private async Task<(Course? Course, int? ThemeId)> ValidateAsync(NeedRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var thisYear = now.Year;
        if (request.Year < thisYear || request.Year > thisYear + 2)
        {
            throw Invalid($"year is between {thisYear} and {thisYear + 2}: the plans being prepared.", "year");
        }

        if ((request.CourseId is null) == (request.ThemeId is null))
        {
            throw Invalid("Name either a courseId or a themeId (not both).", request.CourseId is null ? "courseId" : "themeId");
        }

        var agentIds = request.AgentIds ?? [];
        if (agentIds.Count > 0)
        {
            if (agentIds.Count > MaxAgentsPerNeed || agentIds.Distinct().Count() != agentIds.Count)
            {
                throw Invalid($"agentIds lists distinct agents, at most {MaxAgentsPerNeed}.", "agentIds");
            }

            if (request.AgentCount is { } count && count != agentIds.Count)
            {
                throw Invalid($"agentCount ({count}) differs from the number of agentIds ({agentIds.Count}); send one of them.", "agentCount");
            }

            var found = await db.Agents.CountAsync(a => agentIds.Contains(a.Id) && a.CollectiviteId == request.CollectiviteId, cancellationToken);
            if (found != agentIds.Count)
            {
                throw new RuleViolationException("agent-not-found", RuleViolationKind.Unprocessable,
                    $"{agentIds.Count - found} of agentIds are not agents of collectivité {request.CollectiviteId}.", "agentIds");
            }
        }
        else if (request.AgentCount is not (>= 1 and <= MaxAgentsPerNeed))
        {
            throw Invalid($"agentCount (1 to {MaxAgentsPerNeed}) or agentIds is required.", "agentCount");
        }

        if (request.PreferredPeriod is { } period && !string.IsNullOrWhiteSpace(period) && !PeriodPattern().IsMatch(period.Trim()))
        {
            throw Invalid("preferredPeriod is a year, a quarter or a month: \"2027\", \"2027-Q1\", \"2027-03\".", "preferredPeriod");
        }

        if (request.PreferredCommuneCode is { } commune && !string.IsNullOrWhiteSpace(commune)
            && !await db.Communes.AnyAsync(c => c.Code == commune.Trim(), cancellationToken))
        {
            throw new RuleViolationException("commune-not-found", RuleViolationKind.Unprocessable, $"No commune with INSEE code {commune}.", "preferredCommuneCode");
        }

        if (request.CourseId is { } courseId)
        {
            var course = await db.Courses.AsNoTracking().FirstOrDefaultAsync(c => c.Id == courseId, cancellationToken)
                ?? throw new RuleViolationException("course-not-found", RuleViolationKind.Unprocessable, $"No course {courseId}.", "courseId");
            return (course, course.ThemeId);
        }

        return await db.Themes.AnyAsync(t => t.Id == request.ThemeId, cancellationToken)
            ? (null, request.ThemeId)
            : throw new RuleViolationException("theme-not-found", RuleViolationKind.Unprocessable, $"No theme {request.ThemeId}.", "themeId");
    }

    private async Task LockPerimetreAsync(int? perimetreId, CancellationToken cancellationToken)
    {
        if (perimetreId is { } id && db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM perimetres WHERE id = {id} FOR UPDATE", cancellationToken);
        }
    }

    private static string? MostCommon(IEnumerable<string?> values) =>
        values.OfType<string>().GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();

    private static RuleViolationException Invalid(string detail, string field) => new("validation-failed", RuleViolationKind.Invalid, detail, field);

    private async Task<IDbContextTransaction?> BeginAsync(CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;

    private static async Task CommitAsync(IDbContextTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    [GeneratedRegex(@"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodPattern();
}
