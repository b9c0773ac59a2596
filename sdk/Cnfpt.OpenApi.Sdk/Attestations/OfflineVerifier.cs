using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cnfpt.OpenApi.Sdk.Attestations;

/// <summary>
/// Verifies an attestation token with the published keys, as the API does (docs/attestations.md): compact JWS,
/// <c>alg</c> ES256 only (the attacker's first lever is <c>none</c> or HMAC keyed with the public key), the key named
/// by <c>kid</c>, the P-256 signature over <c>header.payload</c>, the expected issuer; no expiry (attestations do
/// not expire). Built on System.Security.Cryptography alone, so that the package pulls no JOSE library.
/// </summary>
internal static class OfflineVerifier
{
    private const string Offline = " Checked offline: whether it was revoked since is known only online (VerifyOnlineAsync).";

    public static async Task<AttestationVerificationResult> VerifyAsync(string? token, string issuer,
        Func<string, CancellationToken, Task<(ECDsa? Key, string? Problem)>> findKey, CancellationToken cancellationToken)
    {
        var parts = token?.Trim().Split('.');
        if (parts is not { Length: 3 })
        {
            return Result(AttestationVerdict.Malformed, "Not a compact JWS (three base64url parts separated by dots).");
        }

        if (Json(parts[0]) is not { } header || Json(parts[1]) is not { } payload)
        {
            return Result(AttestationVerdict.Malformed, "The token's header or payload is not base64url JSON.");
        }

        using (header)
        using (payload)
        {
            var kid = String(header.RootElement, "kid");
            var alg = String(header.RootElement, "alg");
            if (alg != "ES256")
            {
                return Result(AttestationVerdict.Tampered, $"Algorithm '{alg}' in the header: CNFPT attestations are signed with ES256 only.", kid);
            }

            if (string.IsNullOrEmpty(kid))
            {
                return Result(AttestationVerdict.Malformed, "No 'kid' in the header: the signing key cannot be identified.");
            }

            var (key, problem) = await findKey(kid, cancellationToken).ConfigureAwait(false);
            if (key is null)
            {
                return Result(AttestationVerdict.UnknownKey,
                    $"Key '{kid}' is not a published CNFPT attestation key" + (problem is null ? "." : $" in the keys held ({problem}).") + Offline, kid);
            }

            // JWS ES256 signatures are r‖s, 32 bytes each: the IEEE P1363 format that VerifyData expects by default.
            var signature = Base64Url.Decode(parts[2]);
            if (signature is not { Length: 64 } || !key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256))
            {
                return Result(AttestationVerdict.Tampered, "The signature does not match the header and payload: the token was altered or signed by another key.", kid);
            }

            if (String(payload.RootElement, "iss") != issuer)
            {
                return Result(AttestationVerdict.Tampered, $"Issuer is not '{issuer}'.", kid);
            }

            // The attestation's Verifiable Credential (typ vc+jwt) carries the same facts under credentialSubject.
            var root = String(header.RootElement, "typ") == "vc+jwt" ? Subject(payload.RootElement) : payload.RootElement;
            return root is { } signed && Facts(signed) is { } facts
                ? new AttestationVerificationResult(AttestationVerdict.Valid, "Signature valid." + Offline, kid, facts, online: false)
                : Result(AttestationVerdict.Malformed, "Signed, but not an attestation payload.", kid);
        }
    }

    /// <summary>The facts under <c>attestation</c> in the canonical payload; null if it is not one.</summary>
    internal static VerifiedAttestation? Facts(JsonElement payload)
    {
        try
        {
            var a = payload.GetProperty("attestation");
            var agent = a.GetProperty("agent");
            var collectivite = a.GetProperty("collectivite");
            var course = a.GetProperty("course");
            var session = a.GetProperty("session");
            return new VerifiedAttestation
            {
                Number = a.GetProperty("number").GetString(),
                IssuedAt = DateTimeOffset.Parse(a.GetProperty("issuedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                AgentId = agent.GetProperty("id").GetInt32(),
                AgentLastName = agent.GetProperty("lastName").GetString(),
                AgentFirstName = agent.GetProperty("firstName").GetString(),
                AgentCategory = agent.GetProperty("category").GetString(),
                EmployerReference = agent.GetProperty("employerReference").GetString(),
                CollectiviteId = collectivite.GetProperty("id").GetInt32(),
                CollectiviteName = collectivite.GetProperty("name").GetString(),
                CollectiviteSiren = collectivite.GetProperty("siren").GetString(),
                CourseCode = course.GetProperty("code").GetString(),
                CourseTitle = course.GetProperty("title").GetString(),
                SessionId = session.GetProperty("id").GetInt32(),
                StartDate = DateOnly.ParseExact(session.GetProperty("startDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                EndDate = DateOnly.ParseExact(session.GetProperty("endDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Venue = session.GetProperty("venue").GetString(),
                Commune = session.GetProperty("commune").GetString(),
                Delegation = session.GetProperty("delegation").GetString(),
                HalfDaysScheduled = a.GetProperty("halfDaysScheduled").GetInt32(),
                HalfDaysAttended = a.GetProperty("halfDaysAttended").GetInt32(),
                DaysAttended = a.GetProperty("daysAttended").GetDouble(),
                ObligationKind = a.GetProperty("obligationKind").GetString(),
                Replaces = a.GetProperty("replaces").ValueKind == JsonValueKind.String ? a.GetProperty("replaces").GetString() : null,
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            return null;
        }
    }

    /// <summary>The <c>credentialSubject</c> of an OpenBadgeCredential, or null.</summary>
    private static JsonElement? Subject(JsonElement credential) =>
        credential.TryGetProperty("type", out var types) && types.ValueKind == JsonValueKind.Array
        && types.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "OpenBadgeCredential")
        && credential.TryGetProperty("credentialSubject", out var subject) && subject.ValueKind == JsonValueKind.Object
            ? subject
            : null;

    private static JsonDocument? Json(string part)
    {
        if (Base64Url.Decode(part) is not { } bytes)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static AttestationVerificationResult Result(AttestationVerdict verdict, string reason, string? kid = null) =>
        new(verdict, reason, string.IsNullOrEmpty(kid) ? null : kid, null, online: false);
}
