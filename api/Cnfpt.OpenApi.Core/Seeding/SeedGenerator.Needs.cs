using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;

namespace Cnfpt.OpenApi.Core.Seeding;

/// <summary>
/// Demo training needs for next year's plans of three périmètres (collectivité 1's among them): per périmètre one course whose pooled
/// demand reached the threshold (an open session proposal, its needs pooled), one just below it (14 of 15), a paid
/// course, and needs that name a theme only. Some needs name their agents. Built the way the needs workflow would
/// have pooled them, so that the sandbox shows consistent plans.
/// </summary>
public sealed partial class SeedGenerator
{
    private const int PerimetresWithNeeds = 3;
    private (List<TrainingNeed> Needs, List<TrainingNeedAgent> Agents, List<SessionProposal> Proposals)? _needs;

    public IReadOnlyList<TrainingNeed> TrainingNeeds => (_needs ??= BuildNeeds()).Needs;

    /// <summary>Named agents of the needs (kept apart from the needs so that each table is written once).</summary>
    public IReadOnlyList<TrainingNeedAgent> TrainingNeedAgents => (_needs ??= BuildNeeds()).Agents;

    public IReadOnlyList<SessionProposal> SessionProposals => (_needs ??= BuildNeeds()).Proposals;

    private (List<TrainingNeed>, List<TrainingNeedAgent>, List<SessionProposal>) BuildNeeds()
    {
        // Its own generator: adding needs does not change any other seeded row.
        var random = new Random(unchecked(_options.Seed * 31) ^ 0x4E454544);
        var year = _options.ReferenceDate.Year + 1;
        var submitted = new DateTimeOffset(_options.ReferenceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-20);
        var needs = new List<TrainingNeed>();
        var needAgents = new List<TrainingNeedAgent>();
        var proposals = new List<SessionProposal>();
        var themesById = Themes.ToDictionary(t => t.Id);
        var agentsByCollectivite = Agents.GroupBy(a => a.CollectiviteId).ToDictionary(g => g.Key, g => g.ToList());
        var cotisation = Courses.Where(c => c.Funding == Funding.Cotisation && c.TargetCategories == TargetCategories.All && c.ObligationKind == ObligationKind.None).ToList();
        var paid = Courses.Where(c => c.PaidReason == PaidReason.Caces).ToList();

        TrainingNeed Need(Collectivite member, Course? course, Theme? theme, int count, bool named)
        {
            var need = new TrainingNeed
            {
                Id = needs.Count + 1,
                CollectiviteId = member.Id,
                Year = year,
                CourseId = course?.Id,
                ThemeId = course is null ? theme!.Id : null,
                AgentCount = count,
                Priority = (NeedPriority)random.Next(3),
                PreferredPeriod = random.Next(3) == 0 ? null : $"{year}-Q{random.Next(1, 5)}",
                PreferredCommuneCode = random.Next(2) == 0 ? member.CommuneCode : null,
                Status = NeedStatus.Submitted,
                SubmittedAt = submitted.AddHours(needs.Count * 7),
            };
            var eligible = course is null ? [] : agentsByCollectivite.GetValueOrDefault(member.Id, [])
                .Where(a => course.TargetCategories.HasFlag(Categories.Of(a.Category))).ToList();
            if (named && eligible.Count >= count)
            {
                foreach (var agent in eligible.OrderBy(_ => random.Next()).Take(count))
                {
                    needAgents.Add(new TrainingNeedAgent { TrainingNeedId = need.Id, AgentId = agent.Id });
                }
            }

            needs.Add(need);
            return need;
        }

        // Splits a demand across the members, at least one agent each while it lasts.
        List<TrainingNeed> Spread(List<Collectivite> members, Course course, int demand)
        {
            var result = new List<TrainingNeed>();
            for (var i = 0; demand > 0; i++)
            {
                var count = i == members.Count - 1 ? demand : Math.Min(demand, random.Next(2, 7));
                result.Add(Need(members[i % members.Count], course, null, count, named: i % 2 == 0));
                demand -= count;
            }

            return result;
        }

        // The périmètre of collectivité 1 (the sandbox's demo collectivité) first, then the first others.
        var demo = Collectivites[0].PerimetreId;
        foreach (var perimetre in Perimetres.OrderBy(p => p.Id == demo ? 0 : 1).ThenBy(p => p.Id).Take(PerimetresWithNeeds))
        {
            var members = Collectivites.Where(c => c.PerimetreId == perimetre.Id).OrderBy(c => c.Id).ToList();
            var picked = cotisation.OrderBy(_ => random.Next()).Take(2).ToList();

            // Reached: the needs pooled into an open proposal.
            var reached = picked[0];
            var threshold = themesById[reached.ThemeId].TerritorialisationThreshold;
            var pooled = Spread(members, reached, threshold + random.Next(0, 4));
            var proposal = new SessionProposal
            {
                Id = proposals.Count + 1,
                CourseId = reached.Id,
                PerimetreId = perimetre.Id,
                Year = year,
                Demand = pooled.Sum(n => n.AgentCount),
                Threshold = threshold,
                Status = SessionProposalStatus.Proposed,
                CreatedAt = pooled.Max(n => n.SubmittedAt),
                SuggestedPeriod = pooled.Select(n => n.PreferredPeriod).OfType<string>().GroupBy(p => p).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault(),
                SuggestedCommuneCode = members[0].CommuneCode,
            };
            proposals.Add(proposal);
            foreach (var need in pooled)
            {
                need.Status = NeedStatus.Pooled;
                need.SessionProposalId = proposal.Id;
            }

            // Just below the threshold: one more agent would open a proposal.
            var below = picked[1];
            Spread(members, below, themesById[below.ThemeId].TerritorialisationThreshold - 1);

            // A paid course (its cost shows in the plan), and a need for a theme without a course.
            if (paid.Count > 0)
            {
                Need(members[0], paid[random.Next(paid.Count)], null, random.Next(2, 5), named: false);
            }

            Need(members[^1], null, Themes[random.Next(Themes.Count)], random.Next(1, 6), named: false);
        }

        return (needs, needAgents, proposals);
    }
}
