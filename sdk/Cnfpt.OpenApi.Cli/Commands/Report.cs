using System.Globalization;

namespace Cnfpt.OpenApi.Cli.Commands;

/// <summary>The end of a file command: the result CSV (one line per row), a summary, the exit code.</summary>
internal static class Report
{
    public static int Write(Output output, string resultPath, IReadOnlyList<RowResult> results, string target)
    {
        RowResult.WriteCsv(resultPath, results);
        var counts = results.GroupBy(r => r.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var exitCode = results.All(r => r.Done) ? ExitCodes.Ok : ExitCodes.PartialRows;
        if (output.Json)
        {
            output.Write(new { target, rows = results.Count, outcomes = counts, resultFile = resultPath, exitCode, results });
            return exitCode;
        }

        output.Line($"{results.Count} rows for {target}: {string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))}. Result: {Spectre.Console.Markup.Escape(resultPath)}");
        var problems = results.Where(r => !r.Done).ToList();
        if (problems.Count > 0)
        {
            output.Table(["Row", "SIREN", "Employer ref.", "Outcome", "Code", "Detail"], problems.Take(50).Select(r => new[]
            {
                r.Row.ToString(CultureInfo.InvariantCulture), r.Siren, r.EmployerReference, r.Outcome, r.Code, r.Detail,
            }));
        }

        return exitCode;
    }
}
