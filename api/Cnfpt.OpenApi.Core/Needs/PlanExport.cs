using System.Globalization;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using CsvHelper;

namespace Cnfpt.OpenApi.Core.Needs;

/// <summary>A périmètre's pooled plan as CSV (one row per course × collectivité) and as an A4 PDF.</summary>
public static class PlanExport
{
    private static readonly string[] CsvHeader =
    [
        "year", "courseCode", "courseTitle", "themeCode", "threshold", "demand", "scheduledAgents", "proposalStatus",
        "paidReason", "pricePerTrainee", "estimatedCost", "collectiviteId", "collectiviteName", "collectiviteAgents", "namedAgents",
    ];

    /// <summary>
    /// RFC 4180 CSV in UTF-8 with a byte-order mark (so that spreadsheet software reads the accents), invariant
    /// numbers, formula-like text escaped (names are user input). Named agents are listed only where the plan
    /// shows them (the caller's own collectivités).
    /// </summary>
    public static byte[] ToCsv(int year, IEnumerable<PlanLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
        static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteRecord(CsvHeader);
            foreach (var line in lines)
            {
                foreach (var member in line.Collectivites)
                {
                    csv.WriteRecord(
                    [
                        Integer(year), line.CourseCode ?? "", line.CourseTitle ?? "", line.ThemeCode, Integer(line.Threshold), Integer(line.Demand),
                        Integer(line.ScheduledAgents), line.ProposalStatus?.ToString() ?? "", line.PaidReason?.ToString() ?? "",
                        Number(line.PricePerTrainee), Number(line.EstimatedCost), Integer(member.CollectiviteId), member.CollectiviteName,
                        Integer(member.AgentCount), string.Join("; ", member.Agents.Select(a => $"{a.LastName} {a.FirstName}")),
                    ]);
                }
            }

            csv.Flush();
        }

        return stream.ToArray();
    }

    /// <summary>The plan on A4 pages: a block per line (course, demand against threshold, proposal, cost), then its collectivités.</summary>
    public static byte[] ToPdf(string perimetreName, int year, DateTimeOffset generatedAt, IReadOnlyList<PlanLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var title = $"Plan de formation mutualisé {year.ToString(CultureInfo.InvariantCulture)} — {perimetreName}";
        using var pdf = new A4Document(title);
        pdf.NewPage(
            p => Footer(p, $"{title}. Édité {FrenchFormat.Instant(generatedAt)} (heure de Paris). Les noms des agents n'apparaissent que pour les collectivités pour lesquelles le document a été demandé ; les autres sont comptées."),
            p => p.Paragraph($"{title} (suite)", 10, bold: true, colour: Rgb.Muted));
        pdf.Text("CNFPT", A4Document.Margin, pdf.Y - 20, 22, bold: true, colour: Rgb.Brand);
        pdf.Text("Centre national de la fonction publique territoriale", A4Document.Margin, pdf.Y - 34, 8.5, colour: Rgb.Muted);
        pdf.Line(A4Document.Margin, pdf.Y - 46, A4Document.PageWidth - A4Document.Margin, pdf.Y - 46, 1.2, Rgb.Brand);
        pdf.Y -= 80;
        pdf.Paragraph(title, 16, bold: true, colour: Rgb.Brand);
        pdf.Y -= 4;
        var demand = lines.Sum(l => l.Demand);
        var cost = lines.Sum(l => l.EstimatedCost ?? 0);
        pdf.Paragraph(
            $"{lines.Count} ligne(s), {demand} agent(s) en attente de session, {lines.Count(l => l.ProposalStatus == SessionProposalStatus.Proposed)} proposition(s) de session ouverte(s)"
            + (cost > 0 ? $", coût estimé des formations payantes : {Euros(cost)}." : "."),
            10, colour: Rgb.Muted);
        pdf.Y -= 10;
        if (lines.Count == 0)
        {
            pdf.Paragraph("Aucun besoin recensé pour cette année.", 11);
        }

        foreach (var line in lines)
        {
            var heading = line.CourseCode is null ? $"Thème {line.ThemeName} (sans formation précisée)" : $"{line.CourseCode} — {line.CourseTitle}";
            var headingLines = A4Document.Wrap(heading, 10.5, A4Document.ContentWidth - 130, bold: true);
            var panel = 21 + (13 * headingLines.Count);
            pdf.EnsureSpace(panel + 36);
            pdf.FilledRectangle(A4Document.Margin, pdf.Y - panel, A4Document.ContentWidth, panel, Rgb.Panel);
            pdf.FilledRectangle(A4Document.Margin, pdf.Y - panel, 4, panel, Rgb.Brand);
            pdf.TextRight($"{line.Demand} / {line.Threshold} agents", A4Document.PageWidth - A4Document.Margin - 10, pdf.Y - 14, 10.5, bold: true,
                colour: Rules.Territorialisation.IsReached(line.Demand, line.Threshold) ? Rgb.Brand : Rgb.Text);
            for (var i = 0; i < headingLines.Count; i++)
            {
                pdf.Text(headingLines[i], A4Document.Margin + 12, pdf.Y - 14 - (13 * i), 10.5, bold: true);
            }

            var status = line.ProposalStatus switch
            {
                SessionProposalStatus.Proposed => "session proposée",
                SessionProposalStatus.Scheduled => "session programmée",
                SessionProposalStatus.Declined => "proposition déclinée",
                SessionProposalStatus.Withdrawn => "proposition retirée",
                _ => "seuil non atteint",
            };
            var detail = $"{line.ThemeName} · seuil {line.Threshold} · {status}"
                + (line.ScheduledAgents > 0 ? $" · {line.ScheduledAgents} agent(s) déjà programmé(s)" : "")
                + (line.PaidReason is { } paid ? $" · formation payante ({paid}) : {Euros(line.PricePerTrainee ?? 0)} par stagiaire, {Euros(line.EstimatedCost ?? 0)}" : "");
            pdf.Text(A4Document.Wrap(detail, 8.5, A4Document.ContentWidth - 24)[0], A4Document.Margin + 12, pdf.Y - panel + 7, 8.5, colour: Rgb.Muted);
            pdf.Y -= panel + 6;
            foreach (var member in line.Collectivites)
            {
                var names = member.Agents.Count == 0 ? "" : " : " + string.Join(", ", member.Agents.Select(a => $"{a.FirstName} {a.LastName}"));
                pdf.Paragraph($"{member.CollectiviteName} — {member.AgentCount} agent(s){names}", 9.5, A4Document.Margin + 12, A4Document.ContentWidth - 12);
            }

            pdf.Y -= 10;
        }

        return pdf.Build();
    }

    /// <summary>"1 234,50 €", without depending on the machine's culture data.</summary>
    private static string Euros(decimal amount) =>
        amount.ToString("#,##0.00", CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal).Replace(".", ",", StringComparison.Ordinal) + " €";

    private static void Footer(A4Document pdf, string text)
    {
        var lines = A4Document.Wrap(text, 7.5, A4Document.ContentWidth);
        var baseline = A4Document.Margin - 16 + ((lines.Count - 1) * 10);
        pdf.Line(A4Document.Margin, baseline + 14, A4Document.PageWidth - A4Document.Margin, baseline + 14, 0.5, Rgb.Muted);
        foreach (var line in lines)
        {
            pdf.Text(line, A4Document.Margin, baseline, 7.5, colour: Rgb.Muted);
            baseline -= 10;
        }
    }
}
