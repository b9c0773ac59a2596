using System.Globalization;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Cnfpt.OpenApi.Core.Attestations;

/// <summary>What a signing key may still do.</summary>
public enum AttestationKeyStatus
{
    /// <summary>Signs new attestations (exactly one key is active) and verifies.</summary>
    Active,

    /// <summary>Rotated out: signs nothing, still verifies the attestations it signed (published in the JWKS).</summary>
    Retired,

    /// <summary>Compromised or withdrawn: its attestations verify as <c>revoked</c>; not published.</summary>
    Revoked,
}

/// <summary>One P-256 key: its <c>kid</c>, status, and the key itself (the private part only where it signs).</summary>
public sealed class AttestationKey
{
    public AttestationKey(string keyId, AttestationKeyStatus status, ECDsa key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException($"Attestation key '{keyId}' must be an EC P-256 key (ES256), not {key.KeySize} bits.", nameof(key));
        }

        KeyId = keyId;
        Status = status;
        HasPrivateKey = HasPrivatePart(key);
        SecurityKey = new ECDsaSecurityKey(key) { KeyId = keyId };
        // The public half alone, for the JWKS: converting the full key would also export its private scalar.
        var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        PublicKey = new ECDsaSecurityKey(publicKey) { KeyId = keyId };
    }

    public string KeyId { get; }

    /// <summary>False for a public key (enough to verify with a retired or revoked key; the active key must sign).</summary>
    public bool HasPrivateKey { get; }

    public AttestationKeyStatus Status { get; }

    public ECDsaSecurityKey SecurityKey { get; }

    public ECDsaSecurityKey PublicKey { get; }

    /// <summary>The public key as a JWK (<c>kty</c>, <c>crv</c>, <c>x</c>, <c>y</c>, <c>kid</c>, <c>use</c>, <c>alg</c>).</summary>
    public JsonWebKey ToJwk()
    {
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(PublicKey);
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.EcdsaSha256;
        return jwk;
    }

    /// <summary>A fresh P-256 key whose <c>kid</c> is its RFC 7638 thumbprint (sandbox, tests, rotation).</summary>
    public static AttestationKey Generate(AttestationKeyStatus status = AttestationKeyStatus.Active)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new AttestationKey(ThumbprintOf(key), status, key);
    }

    /// <summary>RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key: a <c>kid</c> nobody has to invent.</summary>
    public static string ThumbprintOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicKey));
        return Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
    }

    private static bool HasPrivatePart(ECDsa key)
    {
        try
        {
            return key.ExportParameters(includePrivateParameters: true).D is { Length: > 0 };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The private key as PKCS#8 PEM, to store it in a key directory.</summary>
    public string ExportPrivatePem() => SecurityKey.ECDsa.ExportPkcs8PrivateKeyPem();
}

/// <summary>
/// The attestation keys: one active key that signs, retired keys that still verify, revoked keys whose
/// attestations are reported revoked. Loaded from configuration (PEM text) or a key directory, never from code.
/// </summary>
public sealed class AttestationKeyRing
{
    private readonly Dictionary<string, AttestationKey> _byId;

    public AttestationKeyRing(IEnumerable<AttestationKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.ToList();
        _byId = new Dictionary<string, AttestationKey>(StringComparer.Ordinal);
        foreach (var key in list)
        {
            if (!_byId.TryAdd(key.KeyId, key))
            {
                throw new InvalidOperationException($"Two attestation keys have the kid '{key.KeyId}'.");
            }
        }

        var active = list.Where(k => k.Status == AttestationKeyStatus.Active).ToList();
        if (active.Count != 1)
        {
            throw new InvalidOperationException($"Exactly one attestation key must be active; found {active.Count} ({string.Join(", ", active.Select(k => k.KeyId))}).");
        }

        if (!active[0].HasPrivateKey)
        {
            throw new InvalidOperationException($"The active attestation key '{active[0].KeyId}' has no private key: it cannot sign.");
        }

        Active = active[0];
        Keys = list;
    }

    public AttestationKey Active { get; }

    public IReadOnlyList<AttestationKey> Keys { get; }

    public AttestationKey? Find(string? keyId) => keyId is not null && _byId.TryGetValue(keyId, out var key) ? key : null;

    /// <summary>The published keys (active and retired; revoked keys are withdrawn), as a JWK Set.</summary>
    public JsonWebKeySet ToJwks()
    {
        var set = new JsonWebKeySet();
        foreach (var key in Keys.Where(k => k.Status != AttestationKeyStatus.Revoked))
        {
            set.Keys.Add(key.ToJwk());
        }

        return set;
    }

    /// <summary>
    /// Reads a key directory: one PEM file per key, named <c>{kid}.{status}.pem</c> with status <c>active</c>,
    /// <c>retired</c> or <c>revoked</c> (a private PKCS#8/SEC1 key, or for non-active keys a public key).
    /// Rotating is renaming the active file to <c>.retired.pem</c> and adding a new <c>.active.pem</c>.
    /// </summary>
    public static List<AttestationKey> ReadDirectory(string directory)
    {
        var keys = new List<AttestationKey>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.pem").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var dot = name.LastIndexOf('.');
            if (dot <= 0 || !Enum.TryParse<AttestationKeyStatus>(name[(dot + 1)..], ignoreCase: true, out var status))
            {
                throw new InvalidOperationException($"Attestation key file '{file}' must be named {{kid}}.active.pem, {{kid}}.retired.pem or {{kid}}.revoked.pem.");
            }

            keys.Add(FromPem(name[..dot], status, File.ReadAllText(file)));
        }

        return keys;
    }

    /// <summary>A key from PEM text (private or public).</summary>
    public static AttestationKey FromPem(string keyId, AttestationKeyStatus status, string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Attestation key '{keyId}' is not a PEM EC key: {e.Message}"), e);
        }

        return new AttestationKey(keyId, status, key);
    }

    /// <summary>
    /// Makes sure <paramref name="directory"/> holds an active key, generating one (named after its thumbprint)
    /// if it holds no key at all: the sandbox's keys, kept next to its database so that its attestations stay
    /// verifiable across restarts.
    /// </summary>
    public static void EnsureGenerated(string directory)
    {
        Directory.CreateDirectory(directory);
        if (Directory.EnumerateFiles(directory, "*.pem").Any())
        {
            return;
        }

        var key = AttestationKey.Generate();
        File.WriteAllText(Path.Combine(directory, $"{key.KeyId}.active.pem"), key.ExportPrivatePem());
    }
}
