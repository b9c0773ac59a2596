using System.Globalization;
using System.Text;

namespace Cnfpt.OpenApi.Core.Bilan;

/// <summary>
/// The bilan as one RFC 4180 table (UTF-8, comma, CRLF, header row), one line per figure of every breakdown:
/// <c>section,key,label,agentsTrained,enrolments,attended,traineeDays,cost,agents,done,onTrack,late</c>; the last four
/// are filled on the <c>obligationMet</c> lines only (agents an obligation applies to, by status). A spreadsheet pivots it.
/// </summary>
public static class BilanCsv
{
    public static string Write(BilanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder("section,key,label,agentsTrained,enrolments,attended,traineeDays,cost,agents,done,onTrack,late\r\n");
        Add("total", new BilanLine
        {
            Key = report.Year.ToString(CultureInfo.InvariantCulture), Label = report.CollectiviteName, AgentsTrained = report.AgentsTrained,
            Enrolments = report.Enrolments, Attended = report.Attended, TraineeDays = report.TraineeDays, Cost = report.Funding.Sum(f => f.Cost),
        });
        foreach (var (section, lines) in new[]
        {
            ("category", report.ByCategory), ("modality", report.ByModality), ("theme", report.ByTheme),
            ("obligation", report.Obligations), ("funding", report.Funding), ("cancellation", report.CancellationReasons),
        })
        {
            foreach (var line in lines)
            {
                Add(section, line);
            }
        }

        foreach (var (key, label, count) in new[]
        {
            ("Absent", "Absences", report.Absences), ("Cancelled", "Annulations", report.Cancellations), ("Refused", "Refus", report.Refused),
            ("Waitlisted", "Liste d'attente", report.Waitlisted), ("Pending", "En cours", report.Pending),
        })
        {
            Add("status", new BilanLine { Key = key, Label = label, Enrolments = count });
        }

        foreach (var line in report.ObligationsMet)
        {
            text.AppendJoin(',', "obligationMet", Field(line.Key), Field(line.Label), "", "", "", "", "",
                Invariant(line.Agents), Invariant(line.Done), Invariant(line.OnTrack), Invariant(line.Late)).Append("\r\n");
        }

        return text.ToString();

        void Add(string section, BilanLine line) => text.AppendJoin(',',
            section, Field(line.Key), Field(line.Label), Invariant(line.AgentsTrained), Invariant(line.Enrolments), Invariant(line.Attended),
            Invariant(line.TraineeDays), Invariant(line.Cost), "", "", "", "").Append("\r\n");
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
