using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts;
using UglyToad.PdfPig.Fonts.Encodings;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Graphics.Operations.TextObjects;
using UglyToad.PdfPig.Graphics.Operations.TextShowing;
using UglyToad.PdfPig.Writer;

namespace Cnfpt.OpenApi.Core.Documents;

/// <summary>An RGB colour of the documents' palette.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb Text = new(0x1A, 0x1A, 0x1A);
    public static readonly Rgb Muted = new(0x5F, 0x63, 0x68);
    public static readonly Rgb Brand = new(0x1F, 0x3A, 0x68);
    public static readonly Rgb Panel = new(0xEE, 0xF1, 0xF6);
}

/// <summary>
/// A4 pages written from the top down with the standard Helvetica fonts (nothing embedded: a document weighs a
/// few kilobytes). It keeps a cursor (<see cref="Y"/>, the top of the next line), wraps text to a width, starts
/// a new page when the cursor reaches the footer, and draws each page's footer when the page is created.
/// </summary>
/// <remarks>
/// PdfPig 0.1.16 writes standard-14 fonts with <c>/StandardEncoding</c>, which has no accented letters: its
/// <c>AddText</c> throws on "à" and prints "é" as "Ø". So text is encoded here in WinAnsi (Windows-1252: every
/// French letter, «», —, ’, €, œ), shown with our own <c>ShowText</c> operation inside the text object that
/// <c>AddText("")</c> opens (which also registers the font on the page), and <see cref="Build"/> declares the
/// fonts <c>/WinAnsiEncoding</c>. Widths come from the fonts' AFM metrics, per WinAnsi code.
/// </remarks>
internal sealed class A4Document : IDisposable
{
    /// <summary>20 mm.</summary>
    public const double Margin = 56.69;
    public const double Millimetre = 72 / 25.4;

    private const double FooterHeight = 62;
    private static readonly WinAnsiFont Regular = new(Standard14Font.Helvetica);
    private static readonly WinAnsiFont Bold = new(Standard14Font.HelveticaBold);

    private readonly PdfDocumentBuilder _builder = new();
    private readonly PdfDocumentBuilder.AddedFont _regular;
    private readonly PdfDocumentBuilder.AddedFont _bold;
    private PdfPageBuilder? _page;
    private Action<A4Document>? _footer;
    private Action<A4Document>? _continuation;

    public A4Document(string title)
    {
        _regular = _builder.AddStandard14Font(Standard14Font.Helvetica);
        _bold = _builder.AddStandard14Font(Standard14Font.HelveticaBold);
        _builder.DocumentInformation.Title = title;
        _builder.DocumentInformation.Author = "CNFPT";
        _builder.DocumentInformation.Creator = "Cnfpt.OpenApi";
    }

    public static double PageWidth => 595.28;

    public static double PageHeight => 841.89;

    public static double ContentWidth => PageWidth - (2 * Margin);

    /// <summary>The top of the next line, in points from the bottom of the page.</summary>
    public double Y { get; set; }

    /// <summary>
    /// Starts a page with its footer; <paramref name="continuation"/> heads the pages that follow when the
    /// content overflows (it is given the new page with <see cref="Y"/> at the top margin).
    /// </summary>
    public void NewPage(Action<A4Document>? footer, Action<A4Document>? continuation = null)
    {
        _footer = footer;
        _continuation = continuation;
        StartPage();
    }

    /// <summary>Moves to a new page (footer and continuation heading included) unless <paramref name="height"/> points fit above the footer.</summary>
    public void EnsureSpace(double height)
    {
        if (Y - height < Margin + FooterHeight - 20)
        {
            StartPage();
            _continuation?.Invoke(this);
        }
    }

    /// <summary>Writes one line with its baseline at <paramref name="baseline"/>; returns its width.</summary>
    public double Text(string text, double x, double baseline, double size, bool bold = false, Rgb? colour = null)
    {
        var page = _page ?? throw new InvalidOperationException("No page: call NewPage first.");
        page.SetTextAndFillColor((colour ?? Rgb.Text).R, (colour ?? Rgb.Text).G, (colour ?? Rgb.Text).B);
        page.AddText("", size, new PdfPoint(x, baseline), bold ? _bold : _regular);
        var operations = page.CurrentStream.Operations;
        if (operations[^1] is not EndText)
        {
            throw new InvalidOperationException("PdfPig's AddText no longer ends with ET: review A4Document.Text.");
        }

        operations.Insert(operations.Count - 1, new ShowText(WinAnsiFont.Encode(text)));
        page.ResetColor();
        return Measure(text, size, bold);
    }

    /// <summary>Writes a line ending at <paramref name="right"/>.</summary>
    public void TextRight(string text, double right, double baseline, double size, bool bold = false, Rgb? colour = null) =>
        Text(text, right - Measure(text, size, bold), baseline, size, bold, colour);

    public static double Measure(string text, double size, bool bold = false) => (bold ? Bold : Regular).Width(text) * size / 1000;

    /// <summary>
    /// Writes text wrapped to <paramref name="width"/> from the cursor down, breaking pages as needed; the
    /// cursor ends below the last line.
    /// </summary>
    public void Paragraph(string text, double size, double x = Margin, double? width = null, bool bold = false, Rgb? colour = null, double leading = 1.35)
    {
        foreach (var line in Wrap(text, size, width ?? ContentWidth, bold))
        {
            EnsureSpace(size * leading);
            Text(line, x, Y - size, size, bold, colour);
            Y -= size * leading;
        }
    }

    /// <summary>Splits text into lines no wider than <paramref name="width"/>: at spaces, and inside words only when one word is wider than a line.</summary>
    public static IReadOnlyList<string> Wrap(string text, double size, double width, bool bold = false)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Measure(candidate, size, bold) <= width)
                {
                    line.Clear().Append(candidate);
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                var rest = word;
                while (Measure(rest, size, bold) > width)
                {
                    var fit = 1;
                    while (fit < rest.Length && Measure(rest[..(fit + 1)], size, bold) <= width)
                    {
                        fit++;
                    }

                    lines.Add(rest[..fit]);
                    rest = rest[fit..];
                }

                line.Append(rest);
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    public void Line(double x1, double y1, double x2, double y2, double thickness, Rgb colour)
    {
        var page = _page!;
        page.SetStrokeColor(colour.R, colour.G, colour.B);
        page.DrawLine(new PdfPoint(x1, y1), new PdfPoint(x2, y2), thickness);
        page.ResetColor();
    }

    public void FilledRectangle(double x, double y, double width, double height, Rgb colour)
    {
        var page = _page!;
        page.SetStrokeColor(colour.R, colour.G, colour.B);
        page.SetTextAndFillColor(colour.R, colour.G, colour.B);
        page.DrawRectangle(new PdfPoint(x, y), width, height, 0.5, fill: true);
        page.ResetColor();
        page.ResetColor();
    }

    /// <summary>The PDF bytes, its fonts declared in WinAnsi (see the remarks on the class).</summary>
    public byte[] Build()
    {
        var pdf = _builder.Build();
        // Same length, so the cross-reference table's offsets stay right. Font dictionaries are written
        // uncompressed; page contents are Flate-compressed, so the marker cannot come from the text.
        ReadOnlySpan<byte> standard = "/Encoding /StandardEncoding"u8;
        ReadOnlySpan<byte> winAnsi = "/Encoding /WinAnsiEncoding "u8;
        var rest = pdf.AsSpan();
        int at;
        while ((at = rest.IndexOf(standard)) >= 0)
        {
            winAnsi.CopyTo(rest[at..]);
            rest = rest[(at + standard.Length)..];
        }

        if (pdf.AsSpan().IndexOf("/Encoding /WinAnsiEncoding"u8) < 0)
        {
            throw new InvalidOperationException("PdfPig no longer writes standard fonts as expected: the text would not be WinAnsi. Review A4Document.");
        }

        return pdf;
    }

    /// <summary>A custom entry of the document information dictionary (read back with PdfPig's <c>DocumentInformationDictionary</c>).</summary>
    public void SetMetadata(string key, string value) => _builder.DocumentInformation.CustomMetadata[key] = value;

    /// <summary>A filled square-cornered box without outline (QR code modules).</summary>
    public void Box(double x, double y, double width, double height, Rgb colour)
    {
        var page = _page!;
        page.SetTextAndFillColor(colour.R, colour.G, colour.B);
        page.SetStrokeColor(colour.R, colour.G, colour.B);
        page.DrawRectangle(new PdfPoint(x, y), width, height, 0, fill: true);
        page.ResetColor();
    }

    public void Dispose() => _builder.Dispose();

    private void StartPage()
    {
        _page = _builder.AddPage(PageSize.A4);
        Y = PageHeight - Margin;
        _footer?.Invoke(this);
        Y = PageHeight - Margin;
    }

    /// <summary>A standard-14 font's WinAnsi codes and advance widths (thousandths of the font size).</summary>
    private sealed class WinAnsiFont
    {
        private static readonly Dictionary<char, byte> Codes = BuildCodes();
        private readonly double[] _widths = new double[256];

        public WinAnsiFont(Standard14Font font)
        {
            var metrics = Standard14.GetAdobeFontMetrics(font);
            foreach (var (code, name) in WinAnsiEncoding.Instance.CodeToNameMap)
            {
                if (code is >= 0 and < 256 && metrics.CharacterMetrics.TryGetValue(name, out var metric))
                {
                    _widths[code] = metric.Width.X;
                }
            }
        }

        public double Width(string text) => Encode(text).Sum(code => _widths[code]);

        /// <summary>
        /// WinAnsi bytes of the text. No-break spaces become spaces; a letter outside WinAnsi loses its accent
        /// ("ł" → "l") or, failing that, becomes "?": a name in another script must not stop a document.
        /// </summary>
        public static byte[] Encode(string text)
        {
            var bytes = new byte[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                bytes[i] = c is '\u00A0' or '\u202F' ? (byte)' '
                    : Codes.TryGetValue(c, out var code) ? code
                    : Codes.TryGetValue(Fold(c), out var folded) ? folded
                    : (byte)'?';
            }

            return bytes;
        }

        private static char Fold(char c)
        {
            // Letters with a stroke have no Unicode decomposition.
            switch (c)
            {
                case 'Ł': return 'L';
                case 'ł': return 'l';
                case 'Đ': return 'D';
                case 'đ': return 'd';
                case 'ı': return 'i';
            }

            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            return decomposed.Length > 0 && CharUnicodeInfo.GetUnicodeCategory(decomposed[0]) != UnicodeCategory.NonSpacingMark ? decomposed[0] : '?';
        }

        private static Dictionary<char, byte> BuildCodes()
        {
            var codes = new Dictionary<char, byte>();
            foreach (var (code, name) in WinAnsiEncoding.Instance.CodeToNameMap.OrderBy(p => p.Key))
            {
                if (code is > 0 and < 256 && GlyphList.AdobeGlyphList.NameToUnicode(name) is { Length: 1 } unicode)
                {
                    codes.TryAdd(unicode[0], (byte)code);
                }
            }

            return codes;
        }
    }
}
