namespace Cnfpt.OpenApi.Sdk;

/// <summary>What a verification of an attestation concludes (docs/attestations.md, "Verifying").</summary>
public enum AttestationVerdict
{
    /// <summary>Signed by a published CNFPT key and unaltered; online, also on record and not revoked.</summary>
    Valid,

    /// <summary>Altered after signing (payload, header, signature), an algorithm other than ES256, another issuer, or re-signed by another key under a CNFPT <c>kid</c>.</summary>
    Tampered,

    /// <summary>
    /// Genuine but withdrawn (replaced after an attendance correction, or its key revoked). Only the online
    /// verification can say so: <see cref="IAttestationsClient.VerifyOfflineAsync"/> never answers it.
    /// </summary>
    Revoked,

    /// <summary>Signed by a key the CNFPT does not publish (offline: a revoked key looks like this too, since it is withdrawn from the JWKS).</summary>
    UnknownKey,

    /// <summary>Not a compact JWS, no <c>kid</c>, or not an attestation payload.</summary>
    Malformed,
}

/// <summary>The verdict on an attestation token, with the attested facts when it is valid (or revoked, online).</summary>
public sealed class AttestationVerificationResult
{
    internal AttestationVerificationResult(AttestationVerdict verdict, string reason, string? keyId, VerifiedAttestation? attestation, bool online,
        DateTimeOffset? revokedAt = null, string? replacedBy = null)
    {
        Verdict = verdict;
        Reason = reason;
        KeyId = keyId;
        Attestation = attestation;
        Online = online;
        RevokedAt = revokedAt;
        ReplacedBy = replacedBy;
    }

    /// <summary>The verdict.</summary>
    public AttestationVerdict Verdict { get; }

    /// <summary>Why, in a sentence (English).</summary>
    public string Reason { get; }

    /// <summary>The <c>kid</c> of the token's header, when there was one.</summary>
    public string? KeyId { get; }

    /// <summary>The signed facts (agent, collectivité, course, session, days) when the signature holds; null otherwise.</summary>
    public VerifiedAttestation? Attestation { get; }

    /// <summary>
    /// True when the CNFPT answered (revocation checked); false for an offline verification, which proves the token is
    /// genuine and unaltered but cannot know whether it was revoked since.
    /// </summary>
    public bool Online { get; }

    /// <summary>When a revoked attestation was withdrawn (online only).</summary>
    public DateTimeOffset? RevokedAt { get; }

    /// <summary>The number of the attestation that replaces a revoked one (online only).</summary>
    public string? ReplacedBy { get; }

    /// <summary>True when <see cref="Verdict"/> is <see cref="AttestationVerdict.Valid"/>.</summary>
    public bool IsValid => Verdict == AttestationVerdict.Valid;

    /// <inheritdoc />
    public override string ToString() => $"{Verdict}: {Reason}";
}
