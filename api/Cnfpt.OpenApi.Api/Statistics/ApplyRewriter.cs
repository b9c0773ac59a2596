using System.Text;

namespace Cnfpt.OpenApi.Api.Statistics;

/// <summary>
/// Adds <c>suppressedCells with sum as suppressedCells</c> to every <c>aggregate(…)</c> of a <c>$apply</c>,
/// and an <c>aggregate</c> of it to every <c>groupby</c> that has none, so that each result row says how
/// many suppressed cells it covers. String literals are left alone.
/// </summary>
internal static class ApplyRewriter
{
    private const string Count = "suppressedCells with sum as suppressedCells";

    public static string CountSuppressed(string apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        var text = new StringBuilder();
        // For each open groupby: the parenthesis depth it started at, and whether it holds an aggregate.
        var groupbys = new Stack<(int Depth, bool HasAggregate)>();
        var depth = 0;
        var inString = false;
        for (var i = 0; i < apply.Length; i++)
        {
            var c = apply[i];
            if (inString)
            {
                text.Append(c);
                if (c == '\'')
                {
                    // '' is an escaped quote inside an OData string literal.
                    if (i + 1 < apply.Length && apply[i + 1] == '\'')
                    {
                        text.Append(apply[++i]);
                    }
                    else
                    {
                        inString = false;
                    }
                }

                continue;
            }

            if (c == '\'')
            {
                inString = true;
                text.Append(c);
                continue;
            }

            if (IsKeyword(apply, i, "aggregate("))
            {
                text.Append("aggregate(");
                i += "aggregate(".Length - 1;
                depth++;
                // Idempotent: a next link carries the rewritten $apply back.
                var rest = apply.AsSpan(i + 1).TrimStart();
                if (!rest.StartsWith(Count, StringComparison.Ordinal))
                {
                    text.Append(Count);
                    if (rest.Length > 0 && rest[0] != ')')
                    {
                        text.Append(',');
                    }
                }

                if (groupbys.Count > 0 && groupbys.Peek().Depth == depth - 1)
                {
                    var top = groupbys.Pop();
                    groupbys.Push((top.Depth, true));
                }

                continue;
            }

            if (IsKeyword(apply, i, "groupby("))
            {
                text.Append("groupby(");
                i += "groupby(".Length - 1;
                depth++;
                groupbys.Push((depth, false));
                continue;
            }

            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                if (groupbys.Count > 0 && groupbys.Peek().Depth == depth)
                {
                    if (!groupbys.Pop().HasAggregate)
                    {
                        text.Append(",aggregate(").Append(Count).Append(')');
                    }
                }

                depth--;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static bool IsKeyword(string text, int at, string keyword) =>
        string.CompareOrdinal(text, at, keyword, 0, keyword.Length) == 0
        && (at == 0 || !(char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '_'));
}
