namespace Cnfpt.OpenApi.Core.Statistics;

/// <summary>
/// The exact differencing audit of a release. Every published identity "total = sum of its parts" is an
/// equation; the published values are constants and the suppressed cells the unknowns. A suppressed cell
/// can be recovered by some combination of the published numbers exactly when its unit vector lies in the
/// row space of those equations; integer Gauss–Jordan elimination (no rounding) decides it.
/// </summary>
internal static class StatisticsAudit
{
    /// <summary>The suppressed cells whose additive measures follow from the published numbers.</summary>
    public static IEnumerable<T> Recoverable<T>(IEnumerable<(T Parent, IReadOnlyList<T> Children)> identities, Func<T, bool> suppressed)
        where T : notnull
    {
        var unknowns = new Dictionary<T, int>();
        var equations = new List<Dictionary<int, long>>();
        foreach (var (parent, children) in identities)
        {
            var equation = new Dictionary<int, long>();
            if (suppressed(parent))
            {
                equation[IndexOf(parent)] = -1;
            }

            foreach (var child in children.Where(suppressed))
            {
                equation[IndexOf(child)] = 1;
            }

            if (equation.Count > 0)
            {
                equations.Add(equation);
            }
        }

        var byIndex = unknowns.OrderBy(u => u.Value).Select(u => u.Key).ToList();
        return Determined(equations, unknowns.Count).Select(i => byIndex[i]);

        int IndexOf(T cell)
        {
            if (!unknowns.TryGetValue(cell, out var index))
            {
                unknowns[cell] = index = unknowns.Count;
            }

            return index;
        }
    }

    /// <summary>Indices of the unknowns fixed by the equations (sparse rows, integer coefficients).</summary>
    public static List<int> Determined(IReadOnlyList<Dictionary<int, long>> equations, int unknownCount)
    {
        var rows = equations.Select(e => new Dictionary<int, long>(e)).ToList();
        var pivots = new List<(int Row, int Column)>();
        var rank = 0;
        for (var column = 0; column < unknownCount && rank < rows.Count; column++)
        {
            var found = -1;
            for (var i = rank; i < rows.Count; i++)
            {
                if (rows[i].ContainsKey(column))
                {
                    found = i;
                    break;
                }
            }

            if (found < 0)
            {
                continue;
            }

            (rows[rank], rows[found]) = (rows[found], rows[rank]);
            var pivotRow = rows[rank];
            var pivot = pivotRow[column];
            for (var i = 0; i < rows.Count; i++)
            {
                if (i != rank && rows[i].TryGetValue(column, out var factor))
                {
                    rows[i] = Normalise(Combine(rows[i], pivot, pivotRow, factor));
                }
            }

            pivots.Add((rank, column));
            rank++;
        }

        // Reduced form: a pivot row with a single non-zero entry fixes its unknown; any other entry is a
        // free unknown (or a suppressed cell that can still move), so the pivot cell is not determined.
        return pivots.Where(p => rows[p.Row].Count == 1).Select(p => p.Column).Order().ToList();
    }

    /// <summary>row × pivot − pivotRow × factor, in checked integer arithmetic (exact, never rounded).</summary>
    private static Dictionary<int, long> Combine(Dictionary<int, long> row, long pivot, Dictionary<int, long> pivotRow, long factor)
    {
        var result = new Dictionary<int, long>();
        foreach (var (column, value) in row)
        {
            result[column] = checked(value * pivot);
        }

        foreach (var (column, value) in pivotRow)
        {
            var next = checked(result.GetValueOrDefault(column) - (value * factor));
            if (next == 0)
            {
                result.Remove(column);
            }
            else
            {
                result[column] = next;
            }
        }

        return result;
    }

    private static Dictionary<int, long> Normalise(Dictionary<int, long> row)
    {
        long gcd = 0;
        foreach (var value in row.Values)
        {
            gcd = Gcd(gcd, Math.Abs(value));
        }

        if (gcd > 1)
        {
            foreach (var column in row.Keys.ToList())
            {
                row[column] /= gcd;
            }
        }

        return row;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
