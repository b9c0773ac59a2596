namespace Cnfpt.OpenApi.Core.Documents;

/// <summary>What an accusé de réception shows: the bulletin as received and the rows it names.</summary>
public sealed record AcknowledgementDocument(
    string Number,
    DateTimeOffset IssuedAt,
    string CollectiviteName,
    string CollectiviteSiren,
    string CollectiviteAddressLine,
    string AgentFullName,
    string AgentCategory,
    string EmployerReference,
    string CourseCode,
    string CourseTitle,
    DateOnly StartDate,
    DateOnly EndDate,
    string Venue,
    string CommuneName,
    string DelegationName,
    string Motive,
    string? Comment);

/// <summary>One envelope of a print batch: a collectivité that exchanges on paper and its documents.</summary>
public sealed record PaperMailing(string CollectiviteName, string AddressLine, IReadOnlyList<AcknowledgementDocument> Documents, IReadOnlyList<AttestationDocument>? Attestations = null)
{
    /// <summary>The attestations de suivi enclosed after the ARs.</summary>
    public IReadOnlyList<AttestationDocument> AttestationList => Attestations ?? [];

    public int Count => Documents.Count + AttestationList.Count;
}

/// <summary>
/// The accusé de réception as an A4 PDF in French, and the print batches of paper collectivités (one PDF: per
/// collectivité an address page for a window envelope, then its documents).
/// </summary>
public static class AcknowledgementPdf
{
    private const double LabelWidth = 132;

    /// <summary>One AR, on one page (more if the motive or comment is very long).</summary>
    public static byte[] Render(AcknowledgementDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var pdf = new A4Document($"Accusé de réception {document.Number}");
        Write(pdf, document);
        return pdf.Build();
    }

    /// <summary>
    /// A print batch: for each mailing an address page (name and address where a French window envelope
    /// shows them, the list of enclosed documents) followed by its documents. A batch without documents is a
    /// one-page PDF saying so.
    /// </summary>
    public static byte[] RenderBatch(DateOnly day, IEnumerable<PaperMailing> mailings)
    {
        ArgumentNullException.ThrowIfNull(mailings);
        var list = mailings.Where(m => m.Count > 0).ToList();
        using var pdf = new A4Document($"Lot d'impression du {FrenchFormat.Date(day)}");
        if (list.Count == 0)
        {
            pdf.NewPage(p => Footer(p, $"Lot d'impression du {FrenchFormat.Date(day)}."));
            Header(pdf, null);
            pdf.Y -= 40;
            pdf.Paragraph($"Lot d'impression du {FrenchFormat.Date(day)}", 17, bold: true, colour: Rgb.Brand);
            pdf.Y -= 8;
            pdf.Paragraph("Aucun document à imprimer : aucune collectivité en échanges papier n'a reçu de document ce jour-là.", 11);
            return pdf.Build();
        }

        for (var i = 0; i < list.Count; i++)
        {
            WriteAddressPage(pdf, day, list[i], i + 1, list.Count);
            foreach (var document in list[i].Documents)
            {
                Write(pdf, document);
            }

            foreach (var attestation in list[i].AttestationList)
            {
                AttestationPdf.Write(pdf, attestation);
            }
        }

        return pdf.Build();
    }

    private static void Write(A4Document pdf, AcknowledgementDocument d)
    {
        pdf.NewPage(
            p => Footer(p,
                "Document émis automatiquement par le CNFPT à la réception du bulletin d'inscription ; il ne porte pas de signature. "
                + $"Pour vérifier son authenticité, retrouvez l'accusé de réception n° {d.Number} dans votre logiciel RH ou par l'API du CNFPT "
                + "(GET /v1/Enrolments(id)/Acknowledgement) : son numéro et sa date d'émission doivent être identiques. "
                + "Votre délégation peut aussi le confirmer sur simple demande rappelant ce numéro."),
            p => Continued(p, $"Accusé de réception n° {d.Number} (suite)"));
        Header(pdf, d.DelegationName);

        pdf.Y -= 34;
        pdf.Paragraph("Accusé de réception d'un bulletin d'inscription", 17, bold: true, colour: Rgb.Brand);

        // The number and the instant of receipt: what the AR is for.
        pdf.Y -= 8;
        const double panel = 52;
        pdf.FilledRectangle(A4Document.Margin, pdf.Y - panel, A4Document.ContentWidth, panel, Rgb.Panel);
        pdf.FilledRectangle(A4Document.Margin, pdf.Y - panel, 4, panel, Rgb.Brand);
        pdf.Text($"N° {d.Number}", A4Document.Margin + 16, pdf.Y - 22, 14, bold: true);
        pdf.Text($"Bulletin reçu {FrenchFormat.Instant(d.IssuedAt)} (heure de Paris)", A4Document.Margin + 16, pdf.Y - 40, 10.5);
        pdf.Y -= panel + 16;

        pdf.Paragraph("Le Centre national de la fonction publique territoriale accuse réception du bulletin d'inscription décrit ci-dessous.", 10.5);

        Section(pdf, "Collectivité");
        Row(pdf, "Nom", d.CollectiviteName);
        Row(pdf, "SIREN", Siren(d.CollectiviteSiren));
        Row(pdf, "Adresse", d.CollectiviteAddressLine);

        Section(pdf, "Agent");
        Row(pdf, "Nom", d.AgentFullName);
        Row(pdf, "Catégorie", d.AgentCategory);
        Row(pdf, "Référence employeur", d.EmployerReference);

        Section(pdf, "Formation demandée");
        Row(pdf, "Intitulé", d.CourseTitle, bold: true);
        Row(pdf, "Code", d.CourseCode);
        Row(pdf, "Session", FrenchFormat.Period(d.StartDate, d.EndDate));
        Row(pdf, "Lieu", d.Venue == d.CommuneName || string.IsNullOrWhiteSpace(d.CommuneName) ? d.Venue : $"{d.Venue}, {d.CommuneName}");
        Row(pdf, "Délégation", d.DelegationName);

        Section(pdf, "Demande");
        Row(pdf, "Motif", d.Motive);
        if (!string.IsNullOrWhiteSpace(d.Comment))
        {
            Row(pdf, "Commentaire", d.Comment);
        }

        pdf.Y -= 14;
        pdf.Paragraph(
            "Cet accusé de réception atteste la date et l'heure de réception du bulletin. Il ne vaut pas acceptation de l'inscription : "
            + "la délégation vous fera connaître la suite donnée (inscription acceptée, liste d'attente ou refus).",
            9.5, colour: Rgb.Muted);
    }

    private static void WriteAddressPage(A4Document pdf, DateOnly day, PaperMailing mailing, int number, int count)
    {
        var batch = $"Lot d'impression du {FrenchFormat.Date(day)} — pli {number} sur {count}";
        pdf.NewPage(
            p => Footer(p, $"{batch}. Votre collectivité a choisi les échanges papier avec le CNFPT ; pour recevoir ces documents sous forme dématérialisée, adressez-vous à votre délégation."),
            p => Continued(p, $"{mailing.CollectiviteName} — documents joints (suite)"));
        Header(pdf, null);

        // The window of a French DL envelope (window on the right): the address block starts 110 mm from the
        // left edge and 50 mm from the top, within 85 mm, above the first fold (99 mm).
        var x = 110 * A4Document.Millimetre;
        var width = 85 * A4Document.Millimetre;
        pdf.Y = A4Document.PageHeight - (50 * A4Document.Millimetre);
        pdf.Paragraph(mailing.CollectiviteName, 11, x, width, bold: true);
        pdf.Paragraph("À l'attention du service des ressources humaines", 10.5, x, width);
        pdf.Paragraph(mailing.AddressLine, 10.5, x, width);

        pdf.Y = A4Document.PageHeight - (110 * A4Document.Millimetre);
        var acks = mailing.Documents.Count;
        var attestations = mailing.AttestationList.Count;
        pdf.Paragraph(attestations == 0 ? "Objet : accusés de réception de bulletins d'inscription"
            : acks == 0 ? "Objet : attestations de suivi de formation"
            : "Objet : accusés de réception et attestations de suivi de formation", 11, bold: true);
        pdf.Y -= 8;
        pdf.Paragraph("Madame, Monsieur,", 10.5);
        pdf.Y -= 4;
        var enclosed = new List<string>();
        if (acks > 0)
        {
            enclosed.Add(acks == 1 ? "l'accusé de réception du bulletin d'inscription reçu" : $"les {acks} accusés de réception des bulletins d'inscription reçus");
        }

        if (attestations > 0)
        {
            enclosed.Add(attestations == 1 ? "l'attestation de suivi de formation délivrée" : $"les {attestations} attestations de suivi de formation délivrées");
        }

        pdf.Paragraph($"Vous trouverez ci-joint {string.Join(" et ", enclosed)} pour les agents de votre collectivité.", 10.5);
        pdf.Y -= 10;
        pdf.Paragraph($"Documents joints ({mailing.Count})", 11, bold: true, colour: Rgb.Brand);
        pdf.Y -= 2;
        foreach (var d in mailing.Documents)
        {
            pdf.Paragraph($"•  Accusé de réception n° {d.Number} — {d.AgentFullName} — {d.CourseCode}, {FrenchFormat.Period(d.StartDate, d.EndDate)}", 10, A4Document.Margin + 8, A4Document.ContentWidth - 8);
        }

        foreach (var a in mailing.AttestationList)
        {
            var f = a.Facts;
            pdf.Paragraph($"•  Attestation de suivi n° {f.Number} — {f.AgentFullName} — {f.CourseCode}, {FrenchFormat.Period(f.StartDate, f.EndDate)}", 10, A4Document.Margin + 8, A4Document.ContentWidth - 8);
        }
    }

    /// <summary>The sender's block (top left) and, on an AR, the délégation concerned (top right).</summary>
    internal static void Header(A4Document pdf, string? delegation)
    {
        var top = pdf.Y;
        pdf.Text("CNFPT", A4Document.Margin, top - 20, 22, bold: true, colour: Rgb.Brand);
        pdf.Text("Centre national de la fonction publique territoriale", A4Document.Margin, top - 34, 8.5, colour: Rgb.Muted);
        if (delegation is not null)
        {
            var right = A4Document.PageWidth - A4Document.Margin;
            var baseline = top - 14;
            foreach (var line in A4Document.Wrap(delegation, 9, 220))
            {
                pdf.TextRight(line, right, baseline, 9, colour: Rgb.Muted);
                baseline -= 11.5;
            }
        }

        pdf.Line(A4Document.Margin, top - 46, A4Document.PageWidth - A4Document.Margin, top - 46, 1.2, Rgb.Brand);
        pdf.Y = top - 46;
    }

    internal static void Footer(A4Document pdf, string text)
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

    internal static void Continued(A4Document pdf, string heading)
    {
        pdf.Paragraph(heading, 10, bold: true, colour: Rgb.Muted);
        pdf.Y -= 8;
    }

    internal static void Section(A4Document pdf, string title)
    {
        pdf.Y -= 12;
        pdf.EnsureSpace(40);
        pdf.Paragraph(title.ToUpperInvariant(), 9.5, bold: true, colour: Rgb.Brand);
        pdf.Line(A4Document.Margin, pdf.Y + 2, A4Document.PageWidth - A4Document.Margin, pdf.Y + 2, 0.4, Rgb.Brand);
        pdf.Y -= 5;
    }

    /// <summary>A label on the left, its value wrapped in the column on the right.</summary>
    internal static void Row(A4Document pdf, string label, string value, bool bold = false)
    {
        const double size = 10.5;
        var lines = A4Document.Wrap(value, size, A4Document.ContentWidth - LabelWidth, bold);
        pdf.EnsureSpace(size * 1.4);
        pdf.Text(label, A4Document.Margin, pdf.Y - size, 9, colour: Rgb.Muted);
        foreach (var line in lines)
        {
            pdf.EnsureSpace(size * 1.4);
            pdf.Text(line, A4Document.Margin + LabelWidth, pdf.Y - size, size, bold);
            pdf.Y -= size * 1.4;
        }

        pdf.Y -= 2;
    }

    // 213705850 → "213 705 850", as SIRENs are printed.
    internal static string Siren(string siren) => siren.Length == 9 && siren.All(char.IsAsciiDigit) ? $"{siren[..3]} {siren[3..6]} {siren[6..]}" : siren;
}
