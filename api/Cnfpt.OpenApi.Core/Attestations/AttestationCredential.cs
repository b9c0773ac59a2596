using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cnfpt.OpenApi.Core.Attestations;

/// <summary>
/// The attestation as a W3C Verifiable Credential 2.0 in the shape of an Open Badges 3.0 <c>OpenBadgeCredential</c>
/// (an <c>AchievementSubject</c> who achieved the course), secured as a JWT by the same ES256 key as the attestation
/// token (VC-JOSE-COSE: header <c>typ: vc+jwt</c>, <c>cty: vc</c>, the credential as the payload). A wallet or an
/// HR suite that speaks Open Badges reads the achievement; the CNFPT's own facts ride along under
/// <c>credentialSubject.attestation</c>, the same object as in the attestation token, so that one verifier reads both.
/// </summary>
/// <remarks>
/// Hand-written: no library served here builds VC 2.0 / OB 3.0 documents; the JSON is plain data, the signing is
/// Microsoft.IdentityModel's (see <see cref="AttestationSigner.SignCredential"/>).
/// </remarks>
public static class AttestationCredential
{
    /// <summary>The JWT <c>typ</c> of a credential secured with JOSE (W3C VC-JOSE-COSE, § 3.1.1).</summary>
    public const string JwtType = "vc+jwt";

    /// <summary>The media type of the secured credential.</summary>
    public const string MediaType = "application/vc+jwt";

    public static readonly string[] Context =
    [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ];

    /// <summary>The credential's JSON (the JWT payload), with the registered claims <c>iss</c>, <c>jti</c>, <c>iat</c> and <c>sub</c>.</summary>
    public static string Payload(AttestationFacts facts, string issuer)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(issuer);
        var token = JsonNode.Parse(facts.CanonicalPayload(issuer))!.AsObject();
        var attestation = token["attestation"]!.DeepClone();
        var validFrom = facts.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray([.. Context.Select(c => JsonValue.Create(c))]),
            ["id"] = $"urn:cnfpt:attestation:{facts.Number}",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = $"Attestation de suivi de formation n° {facts.Number}",
            ["issuer"] = new JsonObject
            {
                ["id"] = issuer,
                ["type"] = new JsonArray("Profile"),
                ["name"] = "Centre national de la fonction publique territoriale (CNFPT)",
                ["url"] = "https://www.cnfpt.fr",
            },
            ["validFrom"] = validFrom,
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["type"] = "IdentityObject",
                    ["identityType"] = "name",
                    ["hashed"] = false,
                    ["identityHash"] = facts.AgentFullName,
                }),
                ["achievement"] = new JsonObject
                {
                    ["id"] = $"urn:cnfpt:course:{facts.CourseCode}",
                    ["type"] = new JsonArray("Achievement"),
                    ["achievementType"] = "Course",
                    ["name"] = facts.CourseTitle,
                    ["description"] = Description(facts),
                    ["criteria"] = new JsonObject
                    {
                        ["narrative"] = "Présence attestée par l'organisme de formation, par demi-journée, à la session indiquée. "
                            + "Une demi-journée compte 0,5 jour de formation.",
                    },
                },
                ["attestation"] = attestation,
            },
            ["iss"] = issuer,
            ["jti"] = facts.Number,
            ["iat"] = facts.IssuedAt.ToUnixTimeSeconds(),
            ["sub"] = token["sub"]!.GetValue<string>(),
        };
        return credential.ToJsonString();
    }

    /// <summary>Reads the facts back from a credential payload written by <see cref="Payload"/>; null if it is not one.</summary>
    public static AttestationFacts? FactsFrom(string payloadJson)
    {
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            var types = document.RootElement.GetProperty("type").EnumerateArray().Select(t => t.GetString()).ToList();
            return types.Contains("OpenBadgeCredential") && document.RootElement.TryGetProperty("credentialSubject", out var subject)
                ? AttestationFacts.FromPayload(subject.GetRawText())
                : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Description(AttestationFacts f)
    {
        var days = f.DaysAttended.ToString("0.#", CultureInfo.GetCultureInfo("fr-FR"));
        var obligation = f.ObligationKind == Domain.ObligationKind.None ? "" : $" Obligation statutaire : {Documents.AttestationPdf.ObligationText(f.ObligationKind)}.";
        return $"{f.AgentFullName} ({f.CollectiviteName}) a suivi {days} jour(s) de formation, session du "
            + $"{Documents.FrenchFormat.Date(f.StartDate)} au {Documents.FrenchFormat.Date(f.EndDate)} à {f.Venue}, {f.CommuneName} "
            + $"(délégation {f.DelegationName}).{obligation}";
    }
}
