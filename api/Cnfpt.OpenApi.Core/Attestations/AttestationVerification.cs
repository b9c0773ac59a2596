using System.Text;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Cnfpt.OpenApi.Core.Rules;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Cnfpt.OpenApi.Core.Attestations;

/// <summary>The answer to "is this attestation genuine?".</summary>
public sealed record VerificationResult(
    VerificationVerdict Verdict,
    string Reason,
    string? KeyId,
    AttestationFacts? Facts,
    DateTimeOffset? RevokedAt = null,
    string? ReplacedBy = null);

/// <summary>
/// Verifies a token or a PDF: the signature (<see cref="AttestationSigner"/>), then the record — a genuine token
/// whose attestation was revoked (attendance corrected) is <c>revoked</c> — and, for a PDF, that the page shows
/// the facts its embedded token signs. Reads attestations whatever the tenant: the verifier is anonymous and
/// learns nothing the token does not already carry.
/// </summary>
public sealed class AttestationVerification(CnfptDbContext db, AttestationSigner signer)
{
    /// <summary>Verification codes are the first characters of the signature: unguessable, short enough to type.</summary>
    public const int CodeLength = 12;

    public async Task<VerificationResult> VerifyTokenAsync(string? token, CancellationToken cancellationToken = default)
    {
        var check = await signer.CheckAsync(token);
        if (check.Verdict != VerificationVerdict.Valid || check.Facts is null)
        {
            return new(check.Verdict, check.Reason, check.KeyId, check.Verdict == VerificationVerdict.Revoked ? check.Facts : null);
        }

        var record = await db.Attestations.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Number == check.Facts.Number)
            .Select(a => new { a.Status, a.RevokedAt, a.RevocationReason, a.SignedToken, ReplacedBy = db.Attestations.IgnoreQueryFilters().Where(r => r.Id == a.ReplacedById).Select(r => r.Number).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            // Signed by our key yet not on record: only a lost database or a leaked key explains it.
            return new(VerificationVerdict.Revoked, $"Attestation {check.Facts.Number} is signed but not on record at the CNFPT: treat it as withdrawn.", check.KeyId, check.Facts);
        }

        if (record.Status == AttestationStatus.Revoked)
        {
            return new(VerificationVerdict.Revoked, $"Attestation {check.Facts.Number} was revoked ({record.RevocationReason})" + (record.ReplacedBy is null ? "." : $"; it is replaced by {record.ReplacedBy}."),
                check.KeyId, check.Facts, record.RevokedAt, record.ReplacedBy);
        }

        return new(VerificationVerdict.Valid, "Signature valid; the attestation is on record and not revoked.", check.KeyId, check.Facts);
    }

    /// <summary>Reads the token embedded in an attestation PDF, verifies it, and checks that the page shows the signed facts.</summary>
    public async Task<VerificationResult> VerifyPdfAsync(byte[] pdf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        string? token;
        string text;
        try
        {
            using var document = PdfDocument.Open(pdf);
            token = document.Information.DocumentInformationDictionary?.TryGet(NameToken.Create(AttestationPdf.TokenMetadataKey), out var value) == true && value is StringToken s
                ? s.Data
                : null;
            text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new(VerificationVerdict.Malformed, "Not a readable PDF.", null, null);
        }

        if (token is null)
        {
            return new(VerificationVerdict.Malformed, $"The PDF holds no attestation token (document information entry {AttestationPdf.TokenMetadataKey}).", null, null);
        }

        var result = await VerifyTokenAsync(token, cancellationToken);
        if (result.Facts is null)
        {
            return result;
        }

        var visible = Normalise(text);
        var missing = AttestationPdf.VisibleFacts(result.Facts).FirstOrDefault(fact => !visible.Contains(Normalise(fact), StringComparison.Ordinal));
        return missing is null
            ? result
            : new(VerificationVerdict.Tampered, $"The signed token is genuine but the page no longer shows what it signs (\"{missing}\" is missing): the visible document was altered.", result.KeyId, null);
    }

    /// <summary>The code printed in the verification URL of a token.</summary>
    public static string CodeOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var signature = token[(token.LastIndexOf('.') + 1)..];
        return signature.Length >= CodeLength ? signature[..CodeLength] : signature;
    }

    /// <summary>Folded (no accents, lower case) with single spaces: PdfPig's words and the WinAnsi folding of rare letters compare equal.</summary>
    private static string Normalise(string text)
    {
        var folded = SearchText.Fold(text);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }
}
