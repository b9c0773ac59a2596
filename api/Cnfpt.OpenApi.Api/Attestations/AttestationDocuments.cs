using System.Globalization;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Documents;
using Cnfpt.OpenApi.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Cnfpt.OpenApi.Api.Attestations;

/// <summary>
/// The printable form of a stored attestation. Its facts come from its signed token, not from today's rows:
/// the document always shows what was signed, even after the agent or the session changed.
/// </summary>
internal static class AttestationDocuments
{
    public static AttestationDocument Of(Attestation attestation, string baseUrl)
    {
        var facts = FactsOf(attestation);
        return new AttestationDocument(facts, attestation.SignedToken!, attestation.KeyId ?? "", VerificationUrl(baseUrl, attestation.Number, attestation.SignedToken!), attestation.Status == AttestationStatus.Revoked);
    }

    /// <summary>The facts a stored attestation's token signs.</summary>
    public static AttestationFacts FactsOf(Attestation attestation)
    {
        var token = attestation.SignedToken
            ?? throw new InvalidOperationException($"Attestation {attestation.Number} has no signed token.");
        return AttestationFacts.FromPayload(Base64UrlEncoder.Decode(token.Split('.')[1]))
            ?? throw new InvalidOperationException($"The token of attestation {attestation.Number} is not an attestation payload.");
    }

    /// <summary>The public verification page of an attestation: <c>{base}/verify/{number}/{code}</c>.</summary>
    public static string VerificationUrl(string baseUrl, string number, string token) =>
        $"{baseUrl.TrimEnd('/')}/verify/{number}/{AttestationVerification.CodeOf(token)}";

    /// <summary>The configured public base URL, or the scheme and host the request came in on.</summary>
    public static string BaseUrl(AttestationOptions options, HttpRequest request) =>
        options.VerificationBaseUrl is { Length: > 0 } configured ? configured : $"{request.Scheme}://{request.Host}";

    /// <summary>
    /// Adds the attestations of a print batch to its mailings (the ARs' envelopes, from AcknowledgementDocuments):
    /// in the same envelope as the collectivité's ARs, or a new one, envelopes ordered by collectivité name.
    /// </summary>
    public static async Task<List<PaperMailing>> WithAttestationsAsync(CnfptDbContext db, int printBatchId, List<PaperMailing> mailings, string baseUrl, CancellationToken cancellationToken)
    {
        var rows = await db.Attestations.AsNoTracking().Where(a => a.PrintBatchId == printBatchId).OrderBy(a => a.Number)
            .Select(a => new { Attestation = a, a.Enrolment!.Collectivite!.Name, a.Enrolment.Collectivite.CommuneCode, CommuneName = a.Enrolment.Collectivite.Commune!.Name })
            .ToListAsync(cancellationToken);
        var result = mailings.ToList();
        foreach (var group in rows.GroupBy(r => (r.Name, Address: $"{r.CommuneName} (code INSEE {r.CommuneCode})")))
        {
            var documents = group.Select(r => Of(r.Attestation, baseUrl)).ToList();
            var index = result.FindIndex(m => m.CollectiviteName == group.Key.Name && m.AddressLine == group.Key.Address);
            if (index >= 0)
            {
                result[index] = result[index] with { Attestations = documents };
            }
            else
            {
                result.Add(new PaperMailing(group.Key.Name, group.Key.Address, [], documents));
            }
        }

        var french = StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase);
        return [.. result.OrderBy(m => m.CollectiviteName, french)];
    }
}
