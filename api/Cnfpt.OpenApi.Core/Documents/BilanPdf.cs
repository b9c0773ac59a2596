using System.Globalization;
using Cnfpt.OpenApi.Core.Bilan;

namespace Cnfpt.OpenApi.Core.Documents;

/// <summary>The bilan formation as an A4 report in French, to file: key figures, then one table per breakdown.</summary>
public static class BilanPdf
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static byte[] Render(BilanReport report, DateOnly issuedOn)
    {
        ArgumentNullException.ThrowIfNull(report);
        var title = $"Bilan formation {report.Year.ToString(CultureInfo.InvariantCulture)}";
        using var pdf = new A4Document($"{title} — {report.CollectiviteName}");
        pdf.NewPage(
            p => AcknowledgementPdf.Footer(p, $"{title} de {report.CollectiviteName}, établi le {FrenchFormat.Date(issuedOn)} par le CNFPT à partir des inscriptions et des présences "
                + "enregistrées (sessions commençant dans l'année). JFS : journées formation stagiaires (un agent pendant un jour ; une demi-journée compte 0,5)."),
            p => AcknowledgementPdf.Continued(p, $"{title} — {report.CollectiviteName} (suite)"));
        Header(pdf);

        pdf.Y -= 30;
        pdf.Paragraph(title, 18, bold: true, colour: Rgb.Brand);
        pdf.Paragraph(report.CollectiviteName, 12.5, bold: true);
        pdf.Paragraph($"SIREN {Siren(report.Siren)} — {report.AgentHeadcount.ToString("N0", French)} agents", 9.5, colour: Rgb.Muted);
        pdf.Y -= 10;

        KeyFigures(pdf, report);

        Table(pdf, "Par catégorie", "Catégorie", report.ByCategory, cost: false);
        Table(pdf, "Par modalité", "Modalité", report.ByModality, cost: false);
        Table(pdf, "Obligations statutaires de formation", "Obligation", report.Obligations, cost: false,
            empty: "Aucune formation d'intégration ou de professionnalisation suivie dans l'année.");
        ObligationsMet(pdf, report);
        Table(pdf, "Financement", "Financement", report.Funding, cost: true);
        Table(pdf, "Par thème", "Thème", report.ByTheme, cost: false);

        Section(pdf, "Annulations et absences");
        Pair(pdf, "Inscriptions annulées", Number(report.Cancellations));
        foreach (var reason in report.CancellationReasons)
        {
            Pair(pdf, "    dont " + reason.Label.ToLower(French), Number(reason.Enrolments));
        }

        Pair(pdf, "Absences constatées", Number(report.Absences));
        Pair(pdf, "Demandes refusées", Number(report.Refused));
        Pair(pdf, "En liste d'attente", Number(report.Waitlisted));
        Pair(pdf, "En cours (non encore suivies)", Number(report.Pending));
        return pdf.Build();
    }

    /// <summary>Four boxes across the page: agents trained, JFS, attended enrolments, rate of absence.</summary>
    private static void KeyFigures(A4Document pdf, BilanReport r)
    {
        const double height = 58;
        const double gap = 8;
        var width = (A4Document.ContentWidth - (3 * gap)) / 4;
        var percent = r.AgentHeadcount > 0 ? 100m * r.AgentsTrained / r.AgentHeadcount : 0;
        var share = r.AgentHeadcount > 0 ? $"{percent.ToString(percent < 10 ? "0.0" : "0", French)} % des {Number(r.AgentHeadcount)} agents" : "";
        var decided = r.Attended + r.Absences;
        var absence = decided > 0 ? (100m * r.Absences / decided).ToString("0.0", French) + " %" : "—";
        (string Value, string Label, string Note)[] boxes =
        [
            (Number(r.AgentsTrained), "agents formés", share),
            (Days(r.TraineeDays), "JFS", "journées formation stagiaires"),
            (Number(r.Attended), "formations suivies", $"sur {Number(r.Enrolments)} inscriptions"),
            (absence, "d'absence", $"{Number(r.Absences)} absences, {Number(r.Cancellations)} annulations"),
        ];
        var top = pdf.Y;
        for (var i = 0; i < boxes.Length; i++)
        {
            var x = A4Document.Margin + (i * (width + gap));
            pdf.FilledRectangle(x, top - height, width, height, Rgb.Panel);
            pdf.FilledRectangle(x, top - height, 3, height, Rgb.Brand);
            pdf.Text(boxes[i].Value, x + 10, top - 22, 16, bold: true, colour: Rgb.Brand);
            pdf.Text(boxes[i].Label, x + 10, top - 36, 9, bold: true);
            foreach (var line in A4Document.Wrap(boxes[i].Note, 7.5, width - 14).Take(1))
            {
                pdf.Text(line, x + 10, top - 49, 7.5, colour: Rgb.Muted);
            }
        }

        pdf.Y = top - height - 6;
    }

    /// <summary>A breakdown: label, agents formés, suivies, JFS (and coût), with a total line.</summary>
    private static void Table(A4Document pdf, string title, string header, List<BilanLine> lines, bool cost, string? empty = null)
    {
        Section(pdf, title);
        if (lines.Count == 0)
        {
            pdf.Paragraph(empty ?? "Aucune formation.", 9.5, colour: Rgb.Muted);
            return;
        }

        var right = A4Document.PageWidth - A4Document.Margin;
        double[] columns = cost ? [right - 195, right - 130, right - 65, right] : [right - 130, right - 65, right];
        string[] headers = cost ? ["Agents formés", "Suivies", "JFS", "Coût (€)"] : ["Agents formés", "Suivies", "JFS"];
        pdf.EnsureSpace(30);
        pdf.Text(header, A4Document.Margin, pdf.Y - 9, 8, bold: true, colour: Rgb.Muted);
        for (var c = 0; c < headers.Length; c++)
        {
            pdf.TextRight(headers[c], columns[c], pdf.Y - 9, 8, bold: true, colour: Rgb.Muted);
        }

        pdf.Y -= 14;
        foreach (var line in lines)
        {
            Line(line.Label, line.AgentsTrained, line.Attended, line.TraineeDays, line.Cost, bold: false);
        }

        if (lines.Count > 1)
        {
            pdf.Line(A4Document.Margin, pdf.Y + 1, right, pdf.Y + 1, 0.4, Rgb.Muted);
            Line("Total", null, lines.Sum(l => l.Attended), lines.Sum(l => l.TraineeDays), lines.Sum(l => l.Cost), bold: true);
        }

        void Line(string label, int? agents, int attended, decimal days, decimal money, bool bold)
        {
            pdf.EnsureSpace(14);
            var baseline = pdf.Y - 10;
            var width = columns[0] - 75 - A4Document.Margin;
            pdf.Text(A4Document.Wrap(label, 9.5, width, bold)[0], A4Document.Margin, baseline, 9.5, bold);
            var values = new List<string> { agents is { } a ? Number(a) : "", Number(attended), Days(days) };
            if (cost)
            {
                values.Add(Money(money));
            }

            for (var c = 0; c < values.Count; c++)
            {
                pdf.TextRight(values[c], columns[c], baseline, 9.5, bold);
            }

            pdf.Y -= 14;
        }
    }

    /// <summary>Per obligation, the agents it applies to on the evaluation day and how many did it, are on track or are late.</summary>
    private static void ObligationsMet(A4Document pdf, BilanReport report)
    {
        Section(pdf, $"Obligations remplies au {FrenchFormat.Date(report.ObligationsAsOf)}");
        if (report.ObligationsMet.Count == 0)
        {
            pdf.Paragraph("Aucun agent soumis à une obligation statutaire de formation (les contractuels n'en ont pas).", 9.5, colour: Rgb.Muted);
            return;
        }

        var right = A4Document.PageWidth - A4Document.Margin;
        double[] columns = [right - 195, right - 130, right - 65, right];
        string[] headers = ["Agents concernés", "Faites", "Dans les délais", "En retard"];
        pdf.EnsureSpace(30);
        pdf.Text("Obligation", A4Document.Margin, pdf.Y - 9, 8, bold: true, colour: Rgb.Muted);
        for (var c = 0; c < headers.Length; c++)
        {
            pdf.TextRight(headers[c], columns[c], pdf.Y - 9, 8, bold: true, colour: Rgb.Muted);
        }

        pdf.Y -= 14;
        foreach (var line in report.ObligationsMet)
        {
            pdf.EnsureSpace(14);
            var baseline = pdf.Y - 10;
            pdf.Text(A4Document.Wrap(line.Label, 9.5, columns[0] - 75 - A4Document.Margin)[0], A4Document.Margin, baseline, 9.5);
            string[] values = [Number(line.Agents), Number(line.Done), Number(line.OnTrack), Number(line.Late)];
            for (var c = 0; c < values.Length; c++)
            {
                pdf.TextRight(values[c], columns[c], baseline, 9.5, bold: c == 3 && line.Late > 0);
            }

            pdf.Y -= 14;
        }
    }

    private static void Pair(A4Document pdf, string label, string value)
    {
        pdf.EnsureSpace(14);
        pdf.Text(label, A4Document.Margin, pdf.Y - 10, 9.5);
        pdf.TextRight(value, A4Document.PageWidth - A4Document.Margin, pdf.Y - 10, 9.5, bold: true);
        pdf.Y -= 14;
    }

    private static void Header(A4Document pdf)
    {
        var top = pdf.Y;
        pdf.Text("CNFPT", A4Document.Margin, top - 20, 22, bold: true, colour: Rgb.Brand);
        pdf.Text("Centre national de la fonction publique territoriale", A4Document.Margin, top - 34, 8.5, colour: Rgb.Muted);
        pdf.TextRight("Bilan formation de la collectivité", A4Document.PageWidth - A4Document.Margin, top - 20, 9, colour: Rgb.Muted);
        pdf.Line(A4Document.Margin, top - 46, A4Document.PageWidth - A4Document.Margin, top - 46, 1.2, Rgb.Brand);
        pdf.Y = top - 46;
    }

    private static void Section(A4Document pdf, string title)
    {
        pdf.Y -= 14;
        pdf.EnsureSpace(48);
        pdf.Paragraph(title.ToUpperInvariant(), 9.5, bold: true, colour: Rgb.Brand);
        pdf.Line(A4Document.Margin, pdf.Y + 2, A4Document.PageWidth - A4Document.Margin, pdf.Y + 2, 0.4, Rgb.Brand);
        pdf.Y -= 4;
    }

    // French thousands separator is a narrow no-break space, which WinAnsi lacks: a plain space prints the same.
    private static string Number(int value) => value.ToString("N0", French).Replace('\u202F', ' ').Replace('\u00A0', ' ');

    /// <summary>JFS with one decimal only when there is a half-day: "1 234" or "12,5".</summary>
    private static string Days(decimal days) => days.ToString(days == decimal.Truncate(days) ? "N0" : "N1", French).Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private static string Money(decimal euros) => euros.ToString("N0", French).Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private static string Siren(string siren) => siren.Length == 9 ? $"{siren[..3]} {siren[3..6]} {siren[6..]}" : siren;
}
