using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Core.Needs;

/// <summary>A named agent behind a need, shown only to those who act for the agent's collectivité.</summary>
public sealed class PlanAgent
{
    public int AgentId { get; set; }
    public string LastName { get; set; } = "";
    public string FirstName { get; set; } = "";
}

/// <summary>One collectivité's share of a plan line.</summary>
public sealed class PlanContribution
{
    public int CollectiviteId { get; set; }
    public string CollectiviteName { get; set; } = "";
    public int AgentCount { get; set; }
    public int NeedCount { get; set; }
    /// <summary>Named agents, empty unless the caller acts for this collectivité (or is the back office).</summary>
    public List<PlanAgent> Agents { get; } = [];
}

/// <summary>A line of a périmètre's pooled plan: a course (or a theme, for needs that name no course) and its demand.</summary>
public sealed class PlanLine
{
    public int? CourseId { get; set; }
    public string? CourseCode { get; set; }
    public string? CourseTitle { get; set; }
    public string ThemeCode { get; set; } = "";
    public string ThemeName { get; set; } = "";
    /// <summary>Pooled demand that opens a session for this theme (15, or 12–13).</summary>
    public int Threshold { get; set; }
    /// <summary>Agents behind submitted and pooled needs: what the threshold is compared with.</summary>
    public int Demand { get; set; }
    /// <summary>Agents behind needs already scheduled in a session.</summary>
    public int ScheduledAgents { get; set; }
    /// <summary>Paid course (CACES, CHSCT, armement): the reason, the price per trainee and the cost of the demand.</summary>
    public PaidReason? PaidReason { get; set; }
    public decimal? PricePerTrainee { get; set; }
    public decimal? EstimatedCost { get; set; }
    /// <summary>The latest session proposal of the course in the périmètre for the year, if any.</summary>
    public int? ProposalId { get; set; }
    public SessionProposalStatus? ProposalStatus { get; set; }
    public List<PlanContribution> Collectivites { get; } = [];
}

/// <summary>
/// The pooled plan of a périmètre for a year, from the needs of all its collectivités. Counts are per
/// collectivité; agent names appear only for collectivités the caller acts for: names come from the
/// tenant-filtered need-agent rows, so a coordinator sees other members' demand as counts.
/// </summary>
public static class PooledPlan
{
    public static async Task<List<PlanLine>> BuildAsync(CnfptDbContext db, int perimetreId, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Counts of every member: past the tenant filter on purpose (the plan is the périmètre's, not one member's).
        var needs = await db.TrainingNeeds.IgnoreQueryFilters().AsNoTracking()
            .Where(n => n.Year == year && n.Collectivite!.PerimetreId == perimetreId)
            .Where(n => n.Status == NeedStatus.Submitted || n.Status == NeedStatus.Pooled || n.Status == NeedStatus.Scheduled)
            .Select(n => new
            {
                n.Id, n.CollectiviteId, CollectiviteName = n.Collectivite!.Name, n.CourseId, n.AgentCount, n.Status,
                CourseCode = n.Course!.Code, CourseTitle = n.Course.Title, n.Course.PaidReason, n.Course.PricePerTrainee,
                ThemeCode = n.CourseId != null ? n.Course.Theme!.Code : n.Theme!.Code,
                ThemeName = n.CourseId != null ? n.Course.Theme!.Name : n.Theme!.Name,
                Threshold = n.CourseId != null ? n.Course.Theme!.TerritorialisationThreshold : n.Theme!.TerritorialisationThreshold,
            })
            .ToListAsync(cancellationToken);
        var needIds = needs.Select(n => n.Id).ToList();
        // Tenant-filtered: only agents of collectivités the caller acts for.
        var agents = await db.TrainingNeedAgents.AsNoTracking()
            .Where(a => needIds.Contains(a.TrainingNeedId))
            .Select(a => new { a.TrainingNeedId, a.AgentId, a.Agent!.LastName, a.Agent.FirstName })
            .ToListAsync(cancellationToken);
        var agentsByNeed = agents.ToLookup(a => a.TrainingNeedId);
        var proposals = await db.SessionProposals.AsNoTracking()
            .Where(p => p.PerimetreId == perimetreId && p.Year == year)
            .Select(p => new { p.Id, p.CourseId, p.Status })
            .ToListAsync(cancellationToken);
        var latestProposal = proposals.GroupBy(p => p.CourseId).ToDictionary(g => g.Key, g => g.MaxBy(p => p.Id)!);

        var lines = new List<PlanLine>();
        foreach (var group in needs.GroupBy(n => (n.CourseId, n.ThemeCode)))
        {
            var first = group.First();
            var pending = group.Where(n => n.Status != NeedStatus.Scheduled).Sum(n => n.AgentCount);
            var line = new PlanLine
            {
                CourseId = first.CourseId,
                CourseCode = first.CourseId is null ? null : first.CourseCode,
                CourseTitle = first.CourseId is null ? null : first.CourseTitle,
                ThemeCode = first.ThemeCode,
                ThemeName = first.ThemeName,
                Threshold = first.Threshold,
                Demand = pending,
                ScheduledAgents = group.Where(n => n.Status == NeedStatus.Scheduled).Sum(n => n.AgentCount),
                PaidReason = first.CourseId is null ? null : first.PaidReason,
                PricePerTrainee = first.CourseId is null ? null : first.PricePerTrainee,
                EstimatedCost = first.CourseId is null ? null : first.PricePerTrainee * pending,
            };
            if (first.CourseId is { } courseId && latestProposal.TryGetValue(courseId, out var proposal))
            {
                line.ProposalId = proposal.Id;
                line.ProposalStatus = proposal.Status;
            }

            foreach (var member in group.GroupBy(n => n.CollectiviteId).OrderBy(g => g.First().CollectiviteName, StringComparer.Ordinal))
            {
                var contribution = new PlanContribution
                {
                    CollectiviteId = member.Key,
                    CollectiviteName = member.First().CollectiviteName,
                    AgentCount = member.Sum(n => n.AgentCount),
                    NeedCount = member.Count(),
                };
                contribution.Agents.AddRange(member.SelectMany(n => agentsByNeed[n.Id])
                    .DistinctBy(a => a.AgentId)
                    .OrderBy(a => a.LastName, StringComparer.Ordinal).ThenBy(a => a.FirstName, StringComparer.Ordinal)
                    .Select(a => new PlanAgent { AgentId = a.AgentId, LastName = a.LastName, FirstName = a.FirstName }));
                line.Collectivites.Add(contribution);
            }

            lines.Add(line);
        }

        return [.. lines
            .OrderBy(l => l.CourseId is null)
            .ThenByDescending(l => l.Demand)
            .ThenBy(l => l.CourseCode ?? l.ThemeCode, StringComparer.Ordinal)];
    }
}
