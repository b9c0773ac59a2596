using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Core.Rules;

/// <summary>One agent and where it stands on each obligation that applies to it.</summary>
public sealed record AgentObligations(
    int AgentId, int CollectiviteId, string LastName, string FirstName, AgentCategory Category, AgentStatus Status, DateOnly AppointmentDate,
    IReadOnlyList<ObligationProgress> Obligations);

/// <summary>
/// Loads what <see cref="TrainingObligations.Evaluate"/> needs from the database — the agents' profiles and the
/// days of their valid attestations — and evaluates each agent. Shared by the TrainingObligations views and the
/// bilan formation, so that both say the same thing about an agent.
/// </summary>
public static class AgentObligationsQuery
{
    /// <summary>
    /// The obligations of <paramref name="agents"/> (contractuels have none and are left out) on <paramref name="asOf"/>:
    /// only the attestations of sessions that ended by then count.
    /// </summary>
    /// <remarks>Two queries, evaluated in memory: meant for one collectivité's agents (a few thousand at most).</remarks>
    public static async Task<List<AgentObligations>> EvaluateAsync(CnfptDbContext db, IQueryable<Agent> agents, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var profiles = await agents.AsNoTracking()
            .Where(a => a.Status != AgentStatus.Contractuel)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.CollectiviteId, a.LastName, a.FirstName, a.Category, a.Status, a.AppointmentDate, a.ResponsibilityPostDate })
            .ToListAsync(cancellationToken);
        var ids = profiles.Select(p => p.Id).ToList();
        var done = (await db.Attestations.AsNoTracking()
                .Where(t => t.Status == AttestationStatus.Valid && t.ObligationKind != ObligationKind.None && ids.Contains(t.AgentId) && t.Session!.EndDate <= asOf)
                .Select(t => new { t.AgentId, t.ObligationKind, t.Session!.EndDate, t.DaysAttended })
                .ToListAsync(cancellationToken))
            .ToLookup(t => t.AgentId, t => new TrainingDone(t.ObligationKind, t.EndDate, t.DaysAttended));

        return [.. profiles.Select(p => new AgentObligations(
            p.Id, p.CollectiviteId, p.LastName, p.FirstName, p.Category, p.Status, p.AppointmentDate,
            TrainingObligations.Evaluate(new ObligationProfile(p.Category, p.Status, p.AppointmentDate, p.ResponsibilityPostDate), done[p.Id], asOf)))];
    }
}
