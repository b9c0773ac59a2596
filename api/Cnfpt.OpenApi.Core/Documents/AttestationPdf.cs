using System.Globalization;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Domain;
using QRCoder;

namespace Cnfpt.OpenApi.Core.Documents;

/// <summary>An attestation as the PDF shows it: its signed facts, its token, and where to verify it.</summary>
public sealed record AttestationDocument(AttestationFacts Facts, string SignedToken, string KeyId, string VerificationUrl, bool Revoked = false);

/// <summary>
/// The attestation de suivi as an A4 PDF in French: the facts, a QR code and the printed URL of its verification
/// page, and the signed token (compact JWS) in the document information dictionary under
/// <see cref="TokenMetadataKey"/>, so that a verifier reads the signed facts from the file itself and compares
/// them with what the page shows (<see cref="VisibleFacts"/>).
/// </summary>
public static class AttestationPdf
{
    /// <summary>Where the JWS is kept in the PDF's document information dictionary.</summary>
    public const string TokenMetadataKey = "CnfptAttestationJws";

    public static byte[] Render(AttestationDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var pdf = new A4Document($"Attestation de suivi {document.Facts.Number}");
        Write(pdf, document);
        pdf.SetMetadata(TokenMetadataKey, document.SignedToken);
        return pdf.Build();
    }

    /// <summary>
    /// Several attestations in one PDF (a print batch), one page each; the tokens are not embedded (one file,
    /// several documents): the printed URL and QR code lead to each one's verification.
    /// </summary>
    internal static void Write(A4Document pdf, AttestationDocument document)
    {
        var f = document.Facts;
        pdf.NewPage(
            p => AcknowledgementPdf.Footer(p,
                $"Attestation délivrée par le CNFPT et signée électroniquement (JWS ES256, clé {document.KeyId}). Son authenticité se vérifie en ligne à l'adresse "
                + "imprimée ci-dessus, ou hors ligne avec les clés publiques publiées sur /.well-known/jwks.json (voir la documentation de l'API du CNFPT). "
                + "Toute modification du document le rend invalide."),
            p => AcknowledgementPdf.Continued(p, $"Attestation de suivi n° {f.Number} (suite)"));
        AcknowledgementPdf.Header(pdf, f.DelegationName);

        pdf.Y -= 34;
        pdf.Paragraph("Attestation de suivi de formation", 17, bold: true, colour: Rgb.Brand);
        pdf.Y -= 8;
        const double panel = 52;
        pdf.FilledRectangle(A4Document.Margin, pdf.Y - panel, A4Document.ContentWidth, panel, Rgb.Panel);
        pdf.FilledRectangle(A4Document.Margin, pdf.Y - panel, 4, panel, Rgb.Brand);
        pdf.Text($"N° {f.Number}", A4Document.Margin + 16, pdf.Y - 22, 14, bold: true);
        pdf.Text($"Délivrée {FrenchFormat.Instant(f.IssuedAt)} (heure de Paris)", A4Document.Margin + 16, pdf.Y - 40, 10.5);
        if (document.Revoked)
        {
            pdf.TextRight("ANNULÉE", A4Document.PageWidth - A4Document.Margin - 16, pdf.Y - 30, 14, bold: true, colour: new Rgb(0xB0, 0x1E, 0x1E));
        }

        pdf.Y -= panel + 16;
        pdf.Paragraph("Le Centre national de la fonction publique territoriale atteste que l'agent désigné ci-dessous a suivi la formation décrite, "
            + "pour la durée de présence indiquée.", 10.5);

        AcknowledgementPdf.Section(pdf, "Agent");
        AcknowledgementPdf.Row(pdf, "Nom", f.AgentFullName, bold: true);
        AcknowledgementPdf.Row(pdf, "Catégorie", f.AgentCategory.ToString());
        AcknowledgementPdf.Row(pdf, "Référence employeur", f.EmployerReference);
        AcknowledgementPdf.Row(pdf, "Collectivité", f.CollectiviteName);
        AcknowledgementPdf.Row(pdf, "SIREN", AcknowledgementPdf.Siren(f.CollectiviteSiren));

        AcknowledgementPdf.Section(pdf, "Formation suivie");
        AcknowledgementPdf.Row(pdf, "Intitulé", f.CourseTitle, bold: true);
        AcknowledgementPdf.Row(pdf, "Code", f.CourseCode);
        AcknowledgementPdf.Row(pdf, "Session", FrenchFormat.Period(f.StartDate, f.EndDate));
        AcknowledgementPdf.Row(pdf, "Lieu", Place(f));
        AcknowledgementPdf.Row(pdf, "Organisée par", f.DelegationName);

        AcknowledgementPdf.Section(pdf, "Présence");
        AcknowledgementPdf.Row(pdf, "Durée suivie", DaysText(f), bold: true);
        AcknowledgementPdf.Row(pdf, "Demi-journées", HalfDaysText(f));
        AcknowledgementPdf.Row(pdf, "Obligation statutaire", ObligationText(f.ObligationKind));
        if (f.Replaces is not null)
        {
            AcknowledgementPdf.Row(pdf, "Remplace", $"l'attestation n° {f.Replaces}, annulée après correction de la présence");
        }

        pdf.Y -= 10;
        pdf.Paragraph($"Fait le {FrenchFormat.Date(FrenchFormat.ParisDay(f.IssuedAt))}, pour servir et valoir ce que de droit.", 10.5);
        Verification(pdf, document);
    }

    /// <summary>
    /// What the page must show, as printed: a verifier finds each of these in the PDF's text, otherwise the visible
    /// document no longer says what its signature covers.
    /// </summary>
    public static IReadOnlyList<string> VisibleFacts(AttestationFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return [facts.Number, facts.AgentFullName, facts.EmployerReference, facts.CollectiviteName, facts.CourseTitle, facts.CourseCode,
            FrenchFormat.Period(facts.StartDate, facts.EndDate), DaysText(facts), HalfDaysText(facts), ObligationText(facts.ObligationKind)];
    }

    /// <summary>"2,5 jours", "1 jour", "0,5 jour" (trainee-days, a half-day counting 0.5).</summary>
    public static string DaysText(AttestationFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var days = facts.DaysAttended;
        var number = days.ToString("0.#", CultureInfo.InvariantCulture).Replace('.', ',');
        return days > 1 ? $"{number} jours" : $"{number} jour";
    }

    private static string HalfDaysText(AttestationFacts f) => string.Create(CultureInfo.InvariantCulture,
        $"{f.HalfDaysAttended} {(f.HalfDaysAttended > 1 ? "demi-journées" : "demi-journée")} de présence sur {f.HalfDaysScheduled}");

    /// <summary>The obligation as the statute names it.</summary>
    public static string ObligationText(ObligationKind kind) => kind switch
    {
        ObligationKind.Integration => "Formation d'intégration (décret n° 2008-512)",
        ObligationKind.ProfessionnalisationPremierEmploi => "Professionnalisation au premier emploi (décret n° 2008-512)",
        ObligationKind.ProfessionnalisationToutAuLongDeLaCarriere => "Professionnalisation tout au long de la carrière (décret n° 2008-512)",
        ObligationKind.ProfessionnalisationPriseDePoste => "Professionnalisation à la prise de poste à responsabilité (décret n° 2008-512)",
        _ => "Aucune : formation de perfectionnement",
    };

    private static string Place(AttestationFacts f) =>
        f.Venue == f.CommuneName || string.IsNullOrWhiteSpace(f.CommuneName) ? f.Venue : $"{f.Venue}, {f.CommuneName}";

    /// <summary>The QR code (left) and the printed verification URL (right), above the footer.</summary>
    private static void Verification(A4Document pdf, AttestationDocument document)
    {
        const double size = 92; // about 32 mm: scannable by a phone at arm's length
        pdf.EnsureSpace(size + 24);
        pdf.Y -= 16;
        var top = pdf.Y;
        pdf.Line(A4Document.Margin, top, A4Document.PageWidth - A4Document.Margin, top, 0.4, Rgb.Muted);
        QrCode(pdf, document.VerificationUrl, A4Document.Margin, top - 8 - size, size);

        var x = A4Document.Margin + size + 18;
        var width = A4Document.ContentWidth - size - 18;
        pdf.Y = top - 12;
        pdf.Paragraph("Vérifier cette attestation", 11, x, width, bold: true, colour: Rgb.Brand);
        pdf.Paragraph("Scannez le code ou saisissez l'adresse ci-dessous : la page du CNFPT confirme que l'attestation est authentique, "
            + "qu'elle n'a pas été modifiée ni annulée, et affiche les faits attestés.", 9, x, width, colour: Rgb.Muted);
        pdf.Y -= 3;
        pdf.Paragraph(document.VerificationUrl, 9.5, x, width, bold: true);
        pdf.Y = Math.Min(pdf.Y, top - 8 - size);
    }

    /// <summary>The QR code drawn as vector boxes (one per run of dark modules): sharp at any zoom and a few hundred bytes.</summary>
    private static void QrCode(A4Document pdf, string text, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes the 4-module quiet zone
        var module = size / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
        {
            var bits = matrix[row];
            var column = 0;
            while (column < bits.Length)
            {
                if (!bits[column])
                {
                    column++;
                    continue;
                }

                var start = column;
                while (column < bits.Length && bits[column])
                {
                    column++;
                }

                pdf.Box(x + (start * module), y + size - ((row + 1) * module), (column - start) * module, module, Rgb.Text);
            }
        }
    }
}
