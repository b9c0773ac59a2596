using Cnfpt.OpenApi.Core.Documents;
using UglyToad.PdfPig;

namespace Cnfpt.OpenApi.Api.Tests.Documents;

/// <summary>The AR and print batch PDFs, read back with PdfPig: what a person or a mail robot would read.</summary>
public sealed class AcknowledgementPdfTests
{
    internal static readonly AcknowledgementDocument Ar = new(
        "AR-2026-000123",
        new DateTimeOffset(2026, 11, 23, 9, 5, 0, TimeSpan.Zero),
        "Communauté d'agglomération du Pays de Saint-Malo",
        "213705850",
        "Saint-Malo (code INSEE 35288)",
        "Élodie Lefèvre",
        "B",
        "MAT-004512",
        "SX2B5",
        "Prévention des risques : élaborer le document unique",
        new DateOnly(2027, 1, 12),
        new DateOnly(2027, 1, 14),
        "Maison de la formation, 12 rue de l'Église",
        "Rennes",
        "Délégation Île-de-France — Grande couronne",
        "Obligation statutaire de formation",
        "L'agent prend son poste le 1er février.");

    [Fact]
    public void Render_WritesTheNumberAgentCourseAndDatesInFrench_WithAccentsIntact()
    {
        var text = TextOf(AcknowledgementPdf.Render(Ar));

        Assert.Contains("Accusé de réception d'un bulletin d'inscription", text, StringComparison.Ordinal);
        Assert.Contains("AR-2026-000123", text, StringComparison.Ordinal);
        Assert.Contains("le 23 novembre 2026 à 10 h 05", text, StringComparison.Ordinal); // 09:05 UTC is 10:05 in Paris in November
        Assert.Contains("Élodie Lefèvre", text, StringComparison.Ordinal);
        Assert.Contains("Prévention des risques : élaborer le document unique", text, StringComparison.Ordinal);
        Assert.Contains("du 12 au 14 janvier 2027", text, StringComparison.Ordinal);
        Assert.Contains("Délégation Île-de-France — Grande couronne", text, StringComparison.Ordinal);
        Assert.Contains("213 705 850", text, StringComparison.Ordinal);
        Assert.Contains("L'agent prend son poste le 1er février.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WrapsLongTextOntoMorePages_AndFoldsLettersOutsideWinAnsi()
    {
        var comment = string.Concat(Enumerable.Repeat("Commentaire très détaillé sur le besoin de formation. ", 36));
        var pdf = AcknowledgementPdf.Render(Ar with { AgentFullName = "Łukasz Nguyễn", Motive = new string('x', 400), Comment = comment });

        using var document = PdfDocument.Open(pdf);
        Assert.Equal(2, document.NumberOfPages);
        var text = TextOf(pdf);
        Assert.Contains("Lukasz Nguyen", text, StringComparison.Ordinal);
        Assert.Contains("AR-2026-000123 (suite)", text, StringComparison.Ordinal);
        Assert.All(document.GetPages().SelectMany(p => p.Letters), l => Assert.InRange(l.BoundingBox.Right, 0, 595.28 - 56));
    }

    [Fact]
    public void RenderBatch_PutsAnAddressPageBeforeEachCollectivitesDocuments()
    {
        var lille = Ar with { Number = "AR-2026-000200", CollectiviteName = "Commune de Lille", CollectiviteAddressLine = "Lille (code INSEE 59350)" };
        var pdf = AcknowledgementPdf.RenderBatch(new DateOnly(2026, 11, 23),
        [
            new PaperMailing(Ar.CollectiviteName, Ar.CollectiviteAddressLine, [Ar, Ar with { Number = "AR-2026-000124" }]),
            new PaperMailing(lille.CollectiviteName, lille.CollectiviteAddressLine, [lille]),
        ]);

        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        Assert.Equal(5, pages.Count);
        Assert.Contains("À l'attention du service des ressources humaines", pages[0], StringComparison.Ordinal);
        Assert.Contains("Documents joints (2)", pages[0], StringComparison.Ordinal);
        Assert.Contains("pli 1 sur 2", pages[0], StringComparison.Ordinal);
        Assert.Contains("AR-2026-000123", pages[1], StringComparison.Ordinal);
        Assert.Contains("AR-2026-000124", pages[2], StringComparison.Ordinal);
        Assert.Contains("Commune de Lille", pages[3], StringComparison.Ordinal);
        Assert.Contains("Lille (code INSEE 59350)", pages[3], StringComparison.Ordinal);
        Assert.Contains("AR-2026-000200", pages[4], StringComparison.Ordinal);
    }

    [Fact]
    public void RenderBatch_WithoutDocuments_IsAOnePagePdfSayingSo()
    {
        var pdf = AcknowledgementPdf.RenderBatch(new DateOnly(2026, 11, 23), []);

        using var document = PdfDocument.Open(pdf);
        Assert.Equal(1, document.NumberOfPages);
        Assert.Contains("Aucun document à imprimer", TextOf(pdf), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-01-12", "2027-01-14", "du 12 au 14 janvier 2027")]
    [InlineData("2027-01-30", "2027-02-02", "du 30 janvier au 2 février 2027")]
    [InlineData("2026-12-30", "2027-01-02", "du 30 décembre 2026 au 2 janvier 2027")]
    [InlineData("2027-08-01", "2027-08-03", "du 1er au 3 août 2027")]
    [InlineData("2027-01-12", "2027-01-12", "le 12 janvier 2027")]
    public void Period_IsWrittenAsFrenchDocumentsDo(string start, string end, string expected) =>
        Assert.Equal(expected, FrenchFormat.Period(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Instant_IsParisTime_SummerAndWinter()
    {
        Assert.Equal("le 1er juillet 2027 à 9 h 30", FrenchFormat.Instant(new DateTimeOffset(2027, 7, 1, 7, 30, 0, TimeSpan.Zero)));
        Assert.Equal("le 1er janvier 2027 à 0 h 15", FrenchFormat.Instant(new DateTimeOffset(2026, 12, 31, 23, 15, 0, TimeSpan.Zero)));
    }

    /// <summary>The words of every page, separated by single spaces (lines and pages by a space too).</summary>
    internal static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }
}
