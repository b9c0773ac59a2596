using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cnfpt.OpenApi.Core.Attestations;

/// <summary>What a verification concludes (docs/attestations.md).</summary>
public enum VerificationVerdict
{
    /// <summary>Signed by a published CNFPT key, unaltered, and (online) not revoked.</summary>
    Valid,

    /// <summary>Altered after signing: payload, header or signature, or re-signed by another key under our kid.</summary>
    Tampered,

    /// <summary>Genuine but withdrawn: the attestation was replaced after a correction, or its signing key was revoked.</summary>
    Revoked,

    /// <summary>Signed with a key the CNFPT never published.</summary>
    UnknownKey,

    /// <summary>Not a compact JWS at all, or no <c>kid</c>, or not an attestation.</summary>
    Malformed,
}

/// <summary>The verdict on a token alone (signature, key, shape), with the facts when the signature holds.</summary>
public sealed record TokenCheck(VerificationVerdict Verdict, string Reason, string? KeyId, AttestationFacts? Facts);

/// <summary>
/// Signs attestations as compact JWS (ES256, <c>kid</c> in the header) over their canonical payload, and checks
/// tokens against the key ring, with Microsoft.IdentityModel (no hand-written cryptography). Whether an
/// attestation was revoked is a database question answered by the caller.
/// </summary>
public sealed class AttestationSigner(AttestationKeyRing keys, string issuer)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public string Issuer => issuer;

    public AttestationKeyRing Keys => keys;

    /// <summary>The compact JWS of the facts, signed with the active key.</summary>
    public string Sign(AttestationFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var credentials = new SigningCredentials(keys.Active.SecurityKey, SecurityAlgorithms.EcdsaSha256);
        return Handler.CreateToken(facts.CanonicalPayload(issuer), credentials);
    }

    /// <summary>The attestation as a Verifiable Credential secured by a JWT (<see cref="AttestationCredential"/>), signed with the active key.</summary>
    public string SignCredential(AttestationFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var credentials = new SigningCredentials(keys.Active.SecurityKey, SecurityAlgorithms.EcdsaSha256);
        return Handler.CreateToken(AttestationCredential.Payload(facts, issuer), credentials,
            new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = AttestationCredential.JwtType, [JwtHeaderParameterNames.Cty] = "vc" });
    }

    /// <summary>
    /// Checks a token — an attestation token or the attestation's credential (<c>typ: vc+jwt</c>): shape, algorithm,
    /// key, signature, issuer; reads its facts when all hold.
    /// </summary>
    public async Task<TokenCheck> CheckAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Count(c => c == '.') != 2)
        {
            return new(VerificationVerdict.Malformed, "Not a compact JWS (three base64url parts separated by dots).", null, null);
        }

        JsonWebToken jws;
        try
        {
            jws = new JsonWebToken(token.Trim());
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return new(VerificationVerdict.Malformed, "The token's header or payload is not base64url JSON.", null, null);
        }

        // The algorithm is the attacker's first lever ("none", or HMAC keyed with our public key): only ES256 is ours.
        if (jws.Alg != SecurityAlgorithms.EcdsaSha256)
        {
            return new(VerificationVerdict.Tampered, $"Algorithm '{jws.Alg}' in the header: CNFPT attestations are signed with ES256 only.", NullIfEmpty(jws.Kid), null);
        }

        if (string.IsNullOrEmpty(jws.Kid))
        {
            return new(VerificationVerdict.Malformed, "No 'kid' in the header: the signing key cannot be identified.", null, null);
        }

        var key = keys.Find(jws.Kid);
        if (key is null)
        {
            return new(VerificationVerdict.UnknownKey, $"Key '{jws.Kid}' is not a CNFPT attestation key (see /.well-known/jwks.json).", jws.Kid, null);
        }

        var result = await Handler.ValidateTokenAsync(jws, new TokenValidationParameters
        {
            IssuerSigningKey = key.PublicKey,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidIssuer = issuer,
            ValidateAudience = false,
            // Attestations do not expire: a training attended stays attended.
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        });
        if (!result.IsValid)
        {
            return result.Exception is SecurityTokenInvalidIssuerException
                ? new(VerificationVerdict.Tampered, $"Issuer is not '{issuer}'.", key.KeyId, null)
                : new(VerificationVerdict.Tampered, "The signature does not match the header and payload: the token was altered or signed by another key.", key.KeyId, null);
        }

        var payload = Base64UrlEncoder.Decode(jws.EncodedPayload);
        var facts = jws.Typ == AttestationCredential.JwtType ? AttestationCredential.FactsFrom(payload) : AttestationFacts.FromPayload(payload);
        if (facts is null)
        {
            return new(VerificationVerdict.Malformed, "Signed, but not an attestation payload.", key.KeyId, null);
        }

        return key.Status == AttestationKeyStatus.Revoked
            ? new(VerificationVerdict.Revoked, $"Key '{key.KeyId}' was revoked: attestations it signed are no longer valid; ask for a new attestation.", key.KeyId, facts)
            : new(VerificationVerdict.Valid, "Signature valid.", key.KeyId, facts);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
