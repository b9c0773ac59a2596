namespace Cnfpt.OpenApi.Core.Statistics;

/// <summary>
/// Primary and secondary suppression over every published table. Each pair of tables where one's dimensions
/// are a subset of the other's gives linear identities (a cell of the coarser table = the sum of the finer
/// table's cells below it, same year): exactly what a reuser can write down from the published structure.
/// </summary>
internal static class StatisticsProtection
{
    /// <summary>
    /// Suppresses cells under k agents, then more cells until no published identity has a single suppressed
    /// member or suppressed members totalling fewer than k agents, and the exact audit finds no suppressed
    /// cell whose additive measures follow from the published numbers. Returns how many cells each step hid.
    /// </summary>
    public static (int Primary, int Secondary) Protect(Dictionary<CellKey, CellValues> cells, int k)
    {
        foreach (var cell in cells.Values)
        {
            cell.Suppressed = cell.AgentCount < k;
        }

        var primary = cells.Values.Count(c => c.Suppressed);
        var identities = Identities(cells);
        // Identities never cross years: each year is its own, much smaller, linear system.
        var byYear = identities.GroupBy(i => i.Parent.Key.Year).Select(g => g.ToList()).ToList();
        var memberOf = new Dictionary<CellValues, List<(CellValues Parent, List<CellValues> Children)>>();
        foreach (var identity in identities)
        {
            foreach (var cell in identity.Children.Append(identity.Parent))
            {
                if (!memberOf.TryGetValue(cell, out var list))
                {
                    memberOf[cell] = list = [];
                }

                list.Add(identity);
            }
        }

        while (true)
        {
            var changed = false;
            foreach (var (parent, children) in identities)
            {
                changed |= ProtectIdentity(parent, children, k);
            }

            if (changed)
            {
                continue;
            }

            var exposed = byYear
                .SelectMany(year => StatisticsAudit.Recoverable(year.Select(i => (i.Parent, (IReadOnlyList<CellValues>)i.Children)), c => c.Suppressed))
                .ToList();
            if (exposed.Count == 0)
            {
                break;
            }

            foreach (var cell in exposed)
            {
                var (parent, children) = NearestPublishedIdentity(cell, memberOf)
                    ?? throw new InvalidOperationException($"Cannot protect {cell.Key}: every identity around it is fully suppressed.");
                SuppressOneMore(parent, children);
            }
        }

        return (primary, cells.Values.Count(c => c.Suppressed) - primary);
    }

    /// <summary>
    /// The identity to widen for a recoverable cell: among those it is in, the one with the fewest published
    /// members (the equation most likely to pin it down). When they are all fully suppressed the cell is pinned
    /// through its suppressed neighbours (e.g. a département fixed by the theme totals over its theme cells):
    /// the search then moves out to their identities, nearest first.
    /// </summary>
    private static (CellValues Parent, List<CellValues> Children)? NearestPublishedIdentity(
        CellValues cell, Dictionary<CellValues, List<(CellValues Parent, List<CellValues> Children)>> memberOf)
    {
        var seen = new HashSet<CellValues> { cell };
        var frontier = new List<CellValues> { cell };
        while (frontier.Count > 0)
        {
            var around = frontier.SelectMany(c => memberOf.GetValueOrDefault(c) ?? []).Distinct().ToList();
            var best = around
                .Select(i => (Identity: i, Published: i.Children.Count(c => !c.Suppressed) + (i.Parent.Suppressed ? 0 : 1)))
                .Where(x => x.Published > 0)
                .OrderBy(x => x.Published)
                .FirstOrDefault();
            if (best.Published > 0)
            {
                return best.Identity;
            }

            frontier = around.SelectMany(i => i.Children.Append(i.Parent)).Where(seen.Add).ToList();
        }

        return null;
    }

    private static bool ProtectIdentity(CellValues parent, List<CellValues> children, int k)
    {
        if (parent.Suppressed)
        {
            return false;
        }

        var hidden = 0;
        var hiddenAgents = 0;
        foreach (var child in children)
        {
            if (child.Suppressed)
            {
                hidden++;
                hiddenAgents += child.AgentCount;
            }
        }

        if (hidden == 0 || (hidden >= 2 && hiddenAgents >= k))
        {
            return false;
        }

        SuppressOneMore(parent, children);
        return true;
    }

    /// <summary>Hides the smallest published child (least information lost), or the total when every child is hidden.</summary>
    private static void SuppressOneMore(CellValues parent, List<CellValues> children)
    {
        var next = children.Where(c => !c.Suppressed).OrderBy(c => c.AgentCount).ThenBy(c => c.Key.ToString(), StringComparer.Ordinal).FirstOrDefault();
        if (next is not null)
        {
            next.Suppressed = true;
        }
        else if (!parent.Suppressed)
        {
            parent.Suppressed = true;
        }
        else
        {
            throw new InvalidOperationException($"Cannot protect {parent.Key}: every member of its identity is already suppressed.");
        }
    }

    /// <summary>
    /// For every (coarser, finer) pair of tables with no published table in between: each cell of the coarser
    /// = Σ the finer table's cells projecting onto it. The pairs with a table in between are sums of these, so
    /// they add nothing to the linear system the audit examines.
    /// </summary>
    internal static List<(CellValues Parent, List<CellValues> Children)> Identities(Dictionary<CellKey, CellValues> cells)
    {
        var byTable = cells.Values.GroupBy(c => c.Key.Table, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var identities = new List<(CellValues, List<CellValues>)>();
        foreach (var (coarse, coarseDims) in StatisticsTables.Dimensions)
        {
            foreach (var (fine, fineDims) in StatisticsTables.Dimensions)
            {
                if (!Below(coarseDims, fineDims) || StatisticsTables.Dimensions.Values.Any(m => Below(coarseDims, m) && Below(m, fineDims))
                    || !byTable.TryGetValue(fine, out var fineCells) || !byTable.TryGetValue(coarse, out var coarseCells))
                {
                    continue;
                }

                var below = fineCells.GroupBy(c => c.Key.ProjectTo(coarse)).ToDictionary(g => g.Key, g => g.ToList());
                foreach (var parent in coarseCells)
                {
                    identities.Add((parent, below.TryGetValue(parent.Key, out var children) ? children : []));
                }
            }
        }

        return identities;

        static bool Below(Dim[] coarse, Dim[] fine) => fine.Length > coarse.Length && coarse.All(fine.Contains);
    }
}
